import assert from "node:assert/strict";
import type { Embedder } from "../embeddings/embedder.ts";
import type {
  DocumentRecord,
  QueryHit,
  StoredChunk,
  StoreInfo,
  VectorStore,
} from "../vectorstore/store.ts";
import { compareVersions, indexDocuments, type IndexOptions, removeDocuments } from "./index.ts";
import type { SourceDocument, SourceEntry } from "./source_document.ts";

/** A VectorStore double backed by maps, counting the writes it receives. */
class MemoryStore implements VectorStore {
  readonly kind = "memory";
  chunks = new Map<string, StoredChunk>();
  records = new Map<string, DocumentRecord>();
  writes = 0;
  lastIndexedAt: string | null = null;
  upsert(chunks: StoredChunk[]) {
    this.writes++;
    for (const c of chunks) this.chunks.set(c.id, structuredClone(c));
    return Promise.resolve();
  }
  query(): Promise<QueryHit[]> {
    return Promise.resolve([]);
  }
  deleteIds(ids: string[]) {
    this.writes++;
    for (const id of ids) this.chunks.delete(id);
    return Promise.resolve();
  }
  deleteDocument(documentId: string) {
    let n = 0;
    for (const [id, c] of this.chunks) {
      if (c.metadata.documentId === documentId) n += this.chunks.delete(id) ? 1 : 0;
    }
    this.records.delete(documentId);
    return Promise.resolve(n);
  }
  getDocument(documentId: string) {
    return Promise.resolve(structuredClone(this.records.get(documentId) ?? null));
  }
  putDocument(record: DocumentRecord) {
    this.writes++;
    this.records.set(record.documentId, structuredClone(record));
    this.lastIndexedAt = record.indexedAt;
    return Promise.resolve();
  }
  listDocuments() {
    return Promise.resolve([...this.records.values()]);
  }
  info(): Promise<StoreInfo> {
    return Promise.resolve({
      kind: this.kind,
      chunks: this.chunks.size,
      documents: this.records.size,
      lastIndexedAt: this.lastIndexedAt,
      dimensions: null,
    });
  }
  reset() {
    this.chunks.clear();
    this.records.clear();
    return Promise.resolve();
  }
  ping() {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

/** An embedder double: a 3-dimensional vector from the text length; fails on "POISON". */
function fakeEmbedder(calls: string[][] = []): Embedder {
  return {
    kind: "fake",
    dimensions: 3,
    embedDocuments(texts) {
      calls.push(texts);
      if (texts.some((t) => t.includes("POISON"))) throw new Error("embedding refused");
      return Promise.resolve(texts.map((t) => [t.length, 1, 0]));
    },
    embedQuery: () => Promise.resolve([1, 1, 0]),
  };
}

const paragraphs = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i} of ${tag} speaks of salt and reeds.`)
    .join("\n\n");

function doc(id: string, markdown: string, extra: Partial<SourceDocument> = {}): SourceDocument {
  return {
    id,
    title: id,
    url: `https://lore.example/wiki/${id}`,
    description: "",
    markdown,
    contentHash: `hash-of-${markdown.length}-${markdown.slice(-20)}`,
    contentType: "text/markdown",
    source: `${id}.md`,
    ...extra,
  };
}

function options(store: VectorStore, extra: Partial<IndexOptions> = {}): IndexOptions {
  return {
    store,
    embedder: fakeEmbedder(),
    chunkOptions: { size: 60, overlap: 0, unit: "chars" },
    now: () => new Date("2026-01-02T03:04:05Z"),
    ...extra,
  };
}

Deno.test("indexDocuments stores chunks with vectors and a record per document", async () => {
  const store = new MemoryStore();
  const report = await indexDocuments(
    [doc("a", paragraphs("a", 4)), doc("b", "Short.")],
    options(store),
  );
  assert.equal(report.documents, 2);
  assert.equal(report.indexed, 2);
  assert.equal(report.chunksAdded, store.chunks.size);
  assert.equal(store.records.get("a")!.chunkIds.length, 4);
  assert.deepEqual(store.chunks.get("a#0")!.vector, [
    store.chunks.get("a#0")!.text.length + 3,
    1,
    0,
  ]);
  assert.equal(store.chunks.get("a#0")!.metadata.indexedAt, "2026-01-02T03:04:05.000Z");
  assert.equal(store.lastIndexedAt, "2026-01-02T03:04:05.000Z");
});

Deno.test("indexDocuments writes nothing on a second run over the same input", async () => {
  const store = new MemoryStore();
  const docs = [doc("a", paragraphs("a", 4)), doc("b", paragraphs("b", 2))];
  await indexDocuments(docs, options(store));
  const writes = store.writes;
  const report = await indexDocuments(docs, options(store));
  assert.equal(report.unchanged, 2);
  assert.equal(
    report.indexed + report.chunksAdded + report.chunksUpdated + report.chunksDeleted,
    0,
  );
  assert.equal(store.writes, writes);
});

Deno.test("indexDocuments replaces exactly the changed document's chunks", async () => {
  const store = new MemoryStore();
  await indexDocuments(
    [doc("a", paragraphs("a", 5)), doc("b", paragraphs("b", 3))],
    options(store),
  );
  const bBefore = [...store.chunks.values()].filter((c) => c.metadata.documentId === "b");
  const report = await indexDocuments(
    [doc("a", paragraphs("a", 3)), doc("b", paragraphs("b", 3))],
    options(store),
  );
  assert.deepEqual(
    { ...report, failures: undefined },
    {
      documents: 2,
      indexed: 1,
      chunksAdded: 0,
      chunksUpdated: 3,
      chunksDeleted: 2,
      unchanged: 1,
      outdated: 0,
      pruned: 0,
      failed: 0,
      failures: undefined,
    },
  );
  assert.deepEqual(store.records.get("a")!.chunkIds, ["a#0", "a#1", "a#2"]);
  assert.ok(!store.chunks.has("a#3") && !store.chunks.has("a#4"));
  const bAfter = [...store.chunks.values()].filter((c) => c.metadata.documentId === "b");
  assert.deepEqual(bAfter, bBefore, "b is untouched");
});

Deno.test("indexDocuments re-indexes when the chunk settings change", async () => {
  const store = new MemoryStore();
  await indexDocuments([doc("a", paragraphs("a", 4))], options(store));
  const report = await indexDocuments(
    [doc("a", paragraphs("a", 4))],
    options(store, { chunkOptions: { size: 400, overlap: 0, unit: "chars" } }),
  );
  assert.equal(report.indexed, 1);
  assert.ok(report.chunksDeleted > 0);
});

Deno.test("indexDocuments skips a version older than the stored one", async (t) => {
  const store = new MemoryStore();
  await indexDocuments([doc("a", "New text.", { version: "0055AED6DCD90281E6" })], options(store));
  await t.step("older version is outdated and writes nothing", async () => {
    const report = await indexDocuments(
      [doc("a", "Old text.", { version: "0055AED6DCD90281E5" })],
      options(store),
    );
    assert.equal(report.outdated, 1);
    assert.equal(store.chunks.get("a#0")!.text, "New text.");
  });
  await t.step("newer version replaces", async () => {
    const report = await indexDocuments(
      [doc("a", "Newest text.", { version: "0055AED6DCD90281E7" })],
      options(store),
    );
    assert.equal(report.indexed, 1);
    assert.equal(store.records.get("a")!.version, "0055AED6DCD90281E7");
  });
  await t.step("sequencers compare right-padded", () => {
    assert.ok(compareVersions("0055AED6DCD90281E5", "0055AED6DCD90281E50") === 0);
    assert.ok(compareVersions("0055AED6DCD90281E5", "0055AED6DCD90281F") < 0);
    assert.ok(compareVersions("1", "0F") > 0);
  });
});

Deno.test("indexDocuments records a failing document and continues", async () => {
  const store = new MemoryStore();
  const entries: SourceEntry[] = [
    doc("a", "Fine."),
    doc("bad", "This one is POISON."),
    { failed: true, id: "pages.jsonl:2", source: "pages.jsonl:2", reason: "line 2: invalid JSON" },
    doc("c", "Also fine."),
  ];
  const progress: string[] = [];
  const report = await indexDocuments(entries, {
    ...options(store),
    onProgress: (p) => progress.push(`${p.done}:${p.id}:${p.outcome}`),
  });
  assert.equal(report.failed, 2);
  assert.deepEqual(report.failures, [
    { id: "bad", reason: "embedding refused" },
    { id: "pages.jsonl:2", reason: "line 2: invalid JSON" },
  ]);
  assert.deepEqual([...store.records.keys()], ["a", "c"]);
  assert.deepEqual(progress, ["1:a:added", "2:bad:failed", "3:pages.jsonl:2:failed", "4:c:added"]);
});

Deno.test("indexDocuments embeds in batches of the configured size", async () => {
  const calls: string[][] = [];
  const store = new MemoryStore();
  await indexDocuments([doc("a", paragraphs("a", 7))], {
    ...options(store, { embedder: fakeEmbedder(calls) }),
    batchSize: 3,
  });
  assert.deepEqual(calls.map((c) => c.length), [3, 3, 1]);
  assert.ok(calls[0][0].startsWith("a\n\n"), "the heading path is embedded with the text");
});

Deno.test("indexDocuments prunes documents not seen, unless something failed", async (t) => {
  const store = new MemoryStore();
  await indexDocuments([doc("a", "A."), doc("b", "B."), doc("c", "C.")], options(store));
  await t.step("a failure keeps everything", async () => {
    const report = await indexDocuments(
      [doc("a", "A."), { failed: true, id: "b", source: "b.html", reason: "unreadable" }],
      options(store, { prune: true }),
    );
    assert.equal(report.pruned, 0);
    assert.match(report.pruneSkipped!, /1 document/);
    assert.equal(store.records.size, 3);
  });
  await t.step("a clean run removes the unseen", async () => {
    const report = await indexDocuments([doc("a", "A.")], options(store, { prune: true }));
    assert.equal(report.pruned, 2);
    assert.equal(report.chunksDeleted, 2);
    assert.deepEqual([...store.records.keys()], ["a"]);
    assert.deepEqual([...store.chunks.keys()], ["a#0"]);
  });
});

Deno.test("removeDocuments deletes chunks and records and counts them", async () => {
  const store = new MemoryStore();
  await indexDocuments([doc("a", paragraphs("a", 3)), doc("b", "B.")], options(store));
  const removed = await removeDocuments(["a", "missing"], { store });
  assert.deepEqual(removed, { documents: 1, chunksDeleted: 3 });
  assert.deepEqual([...store.records.keys()], ["b"]);
});

Deno.test("indexDocuments stops when aborted", async () => {
  const store = new MemoryStore();
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    indexDocuments([doc("a", "A.")], options(store, { signal: controller.signal })),
    /stop/,
  );
  assert.equal(store.records.size, 0);
});
