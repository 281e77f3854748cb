import assert from "node:assert/strict";
import { type SqliteStoreOptions } from "./sqlite.ts";
import { openSqliteStore } from "./mod.ts";
import { testChunk } from "./store_contract.ts";

const DIMS = 16;

/** Vectors around 12 centres; chunk i is `d<i>#0`. */
function vectorOf(i: number, centreShift = 0): number[] {
  let s = 7 + i * 131;
  const r = () => ((s = (Math.imul(s, 48271) % 0x7fffffff) & 0x7fffffff) / 0x7fffffff) - 0.5;
  const c = (i + centreShift) % 12;
  return Array.from({ length: DIMS }, (_, j) => (j % 12 === c ? 3 : 0) + r());
}

const chunks = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => testChunk(`d${i}#0`, `Page ${i}`, `Page ${i}`, "x", vectorOf(i)),
  );

async function withStore(
  fn: (
    open: (o?: Partial<SqliteStoreOptions>) => ReturnType<typeof openSqliteStore>,
    path: string,
  ) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "sqlite-ivf-" });
  const path = `${dir}/store.sqlite`;
  const open = (o: Partial<SqliteStoreOptions> = {}) =>
    openSqliteStore({
      path,
      dimensions: DIMS,
      annMinVectors: 1000,
      ann: { lists: 16, probes: 4 },
      ...o,
    });
  try {
    await fn(open, path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const inode = (file: string) => Deno.statSync(file).ino;

Deno.test("the IVF index is saved beside the store and read back on open", () =>
  withStore(async (open, path) => {
    const writer = open();
    await writer.upsert(chunks(1200));
    const first = await writer.query({ vector: vectorOf(42), topK: 5 });
    await writer.close();
    assert.equal(first[0].id, "d42#0");
    const saved = inode(`${path}.ivf`);
    const again = open();
    try {
      assert.deepEqual(await again.query({ vector: vectorOf(42), topK: 5 }), first);
      assert.equal(inode(`${path}.ivf`), saved, "read, not rebuilt");
    } finally {
      await again.close();
    }
    const reader = open({ readOnly: true });
    try {
      assert.deepEqual(await reader.query({ vector: vectorOf(42), topK: 5 }), first);
      assert.equal(inode(`${path}.ivf`), saved);
    } finally {
      await reader.close();
    }
    // More probes reuse the saved lists; another number of lists is another index.
    const probing = open({ ann: { lists: 16, probes: 16 } });
    try {
      assert.equal((await probing.query({ vector: vectorOf(42), topK: 5 }))[0].id, "d42#0");
      assert.equal(inode(`${path}.ivf`), saved, "probes only tune search");
    } finally {
      await probing.close();
    }
    const relisted = open({ ann: { lists: 8, probes: 4 } });
    try {
      assert.equal((await relisted.query({ vector: vectorOf(42), topK: 5 }))[0].id, "d42#0");
      assert.notEqual(inode(`${path}.ivf`), saved, "rebuilt with 8 lists");
    } finally {
      await relisted.close();
    }
  }));

Deno.test("a saved IVF index is rebuilt once the vectors change (upsert, delete, reset)", () =>
  withStore(async (open, path) => {
    const writer = open();
    try {
      await writer.upsert(chunks(1200));
      await writer.query({ vector: vectorOf(1), topK: 1 });
      let saved = inode(`${path}.ivf`);
      // Chunk 5 moves to another centre: only a rebuilt index finds it there.
      await writer.upsert([testChunk("d5#0", "Page 5", "Page 5", "x", vectorOf(5, 3))]);
      const other = open({ readOnly: true });
      try {
        const hits = await other.query({ vector: vectorOf(5, 3), topK: 1 });
        assert.equal(hits[0].id, "d5#0", "another process sees the moved vector");
        assert.equal(inode(`${path}.ivf`), saved, "a reader never writes the file");
      } finally {
        await other.close();
      }
      assert.equal((await writer.query({ vector: vectorOf(5, 3), topK: 1 }))[0].id, "d5#0");
      assert.notEqual(inode(`${path}.ivf`), saved, "the writer saved the new index");
      saved = inode(`${path}.ivf`);
      await writer.deleteIds(["d5#0"]);
      assert.notEqual((await writer.query({ vector: vectorOf(5, 3), topK: 1 }))[0].id, "d5#0");
      assert.notEqual(inode(`${path}.ivf`), saved);
    } finally {
      await writer.close();
    }
    const reopened = open();
    try {
      const hits = await reopened.query({ vector: vectorOf(5, 3), topK: 3 });
      assert.ok(hits.every((h) => h.id !== "d5#0"), "the saved index is the current one");
      await reopened.reset();
      await reopened.upsert(chunks(1100).slice(100));
      const after = await reopened.query({ vector: vectorOf(42), topK: 3 });
      assert.ok(after.every((h) => Number(h.id.slice(1, -2)) >= 100), "nothing from before reset");
    } finally {
      await reopened.close();
    }
  }));

Deno.test("a corrupt or foreign IVF file is rebuilt, and search stays right", () =>
  withStore(async (open, path) => {
    const writer = open();
    await writer.upsert(chunks(1200));
    const want = await writer.query({ vector: vectorOf(77), topK: 5 });
    await writer.close();
    const bytes = Deno.readFileSync(`${path}.ivf`);
    bytes[bytes.length >> 1] ^= 0xff;
    Deno.writeFileSync(`${path}.ivf`, bytes);
    const corrupt = inode(`${path}.ivf`);
    const store = open();
    try {
      assert.deepEqual(await store.query({ vector: vectorOf(77), topK: 5 }), want);
      assert.notEqual(inode(`${path}.ivf`), corrupt, "rebuilt and saved again");
    } finally {
      await store.close();
    }
    // Another store's index at the same path (same generation is impossible: ids differ).
    const foreign = Deno.readFileSync(`${path}.ivf`);
    await withStore(async (openOther, otherPath) => {
      const other = openOther();
      await other.upsert(chunks(1200).reverse());
      Deno.writeFileSync(`${otherPath}.ivf`, foreign);
      const before = inode(`${otherPath}.ivf`);
      try {
        assert.equal((await other.query({ vector: vectorOf(77), topK: 1 }))[0].id, "d77#0");
        assert.notEqual(inode(`${otherPath}.ivf`), before);
      } finally {
        await other.close();
      }
    });
  }));
