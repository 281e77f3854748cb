import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  DEFAULT_PAGE_CACHE_KIB,
  fitPageCache,
  MAX_PAGE_CACHE_KIB,
  pageCacheKib,
} from "./sqlite_page_cache.ts";

Deno.test("small stores keep SQLite's default page cache, large ones get a share", () => {
  assert.equal(pageCacheKib(0), DEFAULT_PAGE_CACHE_KIB);
  assert.equal(pageCacheKib(80 * 2 ** 20), DEFAULT_PAGE_CACHE_KIB); // 50k chunks
  assert.equal(pageCacheKib(1.5 * 2 ** 30), 12_288); // 1M chunks, lexical only
  assert.equal(pageCacheKib(64 * 2 ** 30), MAX_PAGE_CACHE_KIB);
});

Deno.test("fitPageCache sets the connection's cache for its file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "page-cache-" });
  try {
    const db = new DatabaseSync(`${dir}/db.sqlite`);
    try {
      db.exec("CREATE TABLE t (x TEXT)");
      const insert = db.prepare("INSERT INTO t VALUES (?)");
      db.exec("BEGIN");
      for (let i = 0; i < 3_000; i++) insert.run("x".repeat(1_000));
      db.exec("COMMIT");
      assert.equal(fitPageCache(db), DEFAULT_PAGE_CACHE_KIB);
      const size = db.prepare("PRAGMA cache_size").get() as { cache_size: number };
      assert.equal(size.cache_size, -DEFAULT_PAGE_CACHE_KIB);
    } finally {
      db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
