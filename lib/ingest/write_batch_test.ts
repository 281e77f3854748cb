import assert from "node:assert/strict";
import { openSqliteStore } from "../vectorstore/sqlite.ts";
import type { VectorStore } from "../vectorstore/store.ts";
import { writeBatcher } from "./write_batch.ts";
import type { DocumentClaims } from "./claims.ts";

/** A real in-memory store that logs its batch calls. */
function loggingStore(log: string[]): VectorStore {
  const real = openSqliteStore({ path: ":memory:" });
  return Object.assign(Object.create(real), {
    beginWriteBatch: () => (log.push("begin"), real.beginWriteBatch!()),
    endWriteBatch: () => (log.push("end"), real.endWriteBatch!()),
    close: () => real.close(),
  });
}

async function run(store: VectorStore, documents: number, options = {}) {
  const batch = writeBatcher({ store, writeBatch: 3, ...options });
  try {
    for (let i = 0; i < documents; i++) {
      await batch.before();
      await batch.after();
    }
  } finally {
    await batch.end();
  }
}

Deno.test("a write batch ends every `writeBatch` documents and at the end of the run", async () => {
  const log: string[] = [];
  const store = loggingStore(log);
  try {
    await run(store, 7);
    assert.deepEqual(log, ["begin", "end", "begin", "end", "begin", "end"]);
  } finally {
    await store.close();
  }
});

Deno.test("no batches with claims, with a batch of one, or a store that cannot batch", async () => {
  const log: string[] = [];
  const store = loggingStore(log);
  try {
    await run(store, 4, { claims: {} as DocumentClaims });
    await run(store, 4, { writeBatch: 1 });
    const plain = Object.assign(Object.create(store), {
      beginWriteBatch: undefined,
      endWriteBatch: undefined,
    });
    await run(plain, 4);
    assert.deepEqual(log, []);
  } finally {
    await store.close();
  }
});

Deno.test("the store reads its own batch at once and commits it at the end", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.sqlite`;
    const writer = openSqliteStore({ path });
    const reader = openSqliteStore({ path, readOnly: true });
    await writer.beginWriteBatch!();
    await writer.putDocument({
      documentId: "d",
      contentHash: "h",
      title: "D",
      url: "",
      chunkIds: [],
      indexedAt: "2026-01-01T00:00:00Z",
    });
    assert.ok(await writer.getDocument("d"), "the writer sees its batch");
    assert.equal(await reader.getDocument("d"), null, "others do not, yet");
    await writer.endWriteBatch!();
    assert.ok(await reader.getDocument("d"), "committed");
    await reader.close();
    await writer.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
