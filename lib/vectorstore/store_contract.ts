/**
 * The behaviour every {@linkcode VectorStore} must show, as one suite of test steps.
 * Each implementation's test runs it against a fresh store (sqlite in memory, Upstash
 * against the loopback fake), so the stores stay interchangeable behind the factory.
 *
 * @module
 */
import assert from "node:assert/strict";
import { analyze } from "../text/mod.ts";
import { termIndex } from "./sparse_vector.ts";
import type { DocumentRecord, StoredChunk, VectorStore } from "./store.ts";

/** What the contract needs to know about the store under test. */
export interface ContractSubject {
  /** Opens a fresh, empty store; the contract closes it. */
  open(): Promise<VectorStore>;
  /** Length of the toy vectors given to chunks and queries, or null for none. */
  dimensions: number | null;
}

/** A deterministic toy embedding: hashed stemmed content words, normalised. */
export function toyVector(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const term of analyze(text, { lang: "en" })) {
    const h = termIndex(term);
    v[h % dimensions] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** A chunk for tests: `id` is `documentId#position`; title, heading and text as given. */
export function testChunk(
  id: string,
  title: string,
  heading: string,
  text: string,
  vector?: number[],
): StoredChunk {
  const [documentId, position] = id.split("#");
  const c: StoredChunk = {
    id,
    text,
    metadata: {
      documentId,
      title,
      url: "",
      heading,
      position: Number(position ?? 0),
      contentHash: "h",
    },
  };
  if (vector) c.vector = vector;
  return c;
}

const INDEXED_AT = "2025-01-02T03:04:05.000Z";

function chunk(
  documentId: string,
  position: number,
  title: string,
  heading: string,
  text: string,
): StoredChunk {
  return {
    id: `${documentId}#${position}`,
    text,
    metadata: {
      documentId,
      title,
      url: `https://lore.example/${documentId}`,
      heading,
      position,
      contentHash: `hash-${documentId}`,
      indexedAt: INDEXED_AT,
      lang: "en",
    },
  };
}

/** The small corpus the contract indexes. */
export const CONTRACT_CHUNKS: readonly StoredChunk[] = [
  chunk(
    "emberfall",
    0,
    "Emberfall",
    "Emberfall › History",
    "Emberfall is the ash city ruled by Queen Maren of the ember crown.",
  ),
  chunk(
    "emberfall",
    1,
    "Emberfall",
    "Emberfall › Trade",
    "Glassblowers sell obsidian lanterns in the lower market.",
  ),
  chunk(
    "tidewatch",
    0,
    "Tidewatch",
    "Tidewatch",
    "Tidewatch is a harbour town where sailors pray to the drowned bell.",
  ),
  chunk(
    "glasswood",
    0,
    "Glasswood",
    "Glasswood",
    "The glasswood forest hums with crystal leaves and silver foxes.",
  ),
];

function record(documentId: string, indexedAt: string, version?: string): DocumentRecord {
  const ids = CONTRACT_CHUNKS.filter((c) => c.metadata.documentId === documentId).map((c) => c.id);
  const r: DocumentRecord = {
    documentId,
    contentHash: `hash-${documentId}`,
    title: documentId,
    url: `https://lore.example/${documentId}`,
    chunkIds: ids,
    indexedAt,
  };
  if (version) r.version = version;
  return r;
}

/** Runs the shared contract as steps of `t`. */
export async function runStoreContract(t: Deno.TestContext, subject: ContractSubject) {
  const dims = subject.dimensions;
  const withVector = (c: StoredChunk): StoredChunk =>
    dims ? { ...c, vector: toyVector(`${c.metadata.title} ${c.text}`, dims) } : c;
  const ask = (text: string) => (dims ? { text, vector: toyVector(text, dims) } : { text });
  const step = (name: string, fn: (store: VectorStore) => Promise<void>) =>
    t.step(name, async () => {
      const store = await subject.open();
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });
  const load = (store: VectorStore) => store.upsert(CONTRACT_CHUNKS.map(withVector));

  await step("query returns the best chunk with its text and metadata", async (store) => {
    await load(store);
    const hits = await store.query({ ...ask("Who is Queen Maren?"), topK: 3 });
    assert.ok(hits.length >= 1);
    assert.equal(hits[0].id, "emberfall#0");
    assert.equal(hits[0].text, CONTRACT_CHUNKS[0].text);
    assert.deepEqual(hits[0].metadata, CONTRACT_CHUNKS[0].metadata);
    assert.ok(hits[0].score > 0);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score);
  });

  await step("topK bounds the number of hits", async (store) => {
    await load(store);
    const hits = await store.query({ ...ask("Queen Maren sailors crystal lanterns"), topK: 2 });
    assert.equal(hits.length, 2);
    assert.deepEqual(await store.query({ ...ask("Queen Maren"), topK: 0 }), []);
  });

  await step("documentIds keeps only chunks of those documents", async (store) => {
    await load(store);
    const one = await store.query({
      ...ask("Queen Maren sailors"),
      topK: 5,
      documentIds: ["tidewatch"],
    });
    assert.ok(one.length >= 1);
    assert.ok(one.every((h) => h.metadata.documentId === "tidewatch"));
    const two = await store.query({
      ...ask("Queen Maren sailors crystal"),
      topK: 5,
      documentIds: ["tidewatch", "glasswood"],
    });
    assert.ok(two.length >= 2);
    assert.ok(two.every((h) => ["tidewatch", "glasswood"].includes(h.metadata.documentId)));
    assert.deepEqual(await store.query({ ...ask("Queen"), topK: 5, documentIds: [] }), []);
  });

  await step("upsert replaces a chunk with the same id", async (store) => {
    await load(store);
    const changed = { ...CONTRACT_CHUNKS[0], text: "Emberfall is ruled by King Orrin the Pale." };
    await store.upsert([withVector(changed)]);
    const hits = await store.query({ ...ask("King Orrin"), topK: 1 });
    assert.equal(hits[0].id, "emberfall#0");
    assert.equal(hits[0].text, changed.text);
    assert.equal((await store.info()).chunks, CONTRACT_CHUNKS.length);
  });

  await step("deleteIds removes chunks and ignores unknown ids", async (store) => {
    await load(store);
    await store.deleteIds(["glasswood#0", "no-such-chunk"]);
    assert.equal((await store.info()).chunks, CONTRACT_CHUNKS.length - 1);
    const hits = await store.query({ ...ask("crystal leaves silver foxes"), topK: 5 });
    assert.ok(hits.every((h) => h.id !== "glasswood#0"));
  });

  await step("deleteDocument removes a document's chunks and record only", async (store) => {
    await load(store);
    await store.putDocument(record("emberfall", INDEXED_AT));
    await store.putDocument(record("tidewatch", INDEXED_AT));
    assert.equal(await store.deleteDocument("emberfall"), 2);
    assert.equal(await store.getDocument("emberfall"), null);
    assert.notEqual(await store.getDocument("tidewatch"), null);
    const info = await store.info();
    assert.equal(info.chunks, CONTRACT_CHUNKS.length - 2);
    assert.equal(info.documents, 1);
    const hits = await store.query({ ...ask("Queen Maren obsidian lanterns sailors"), topK: 5 });
    assert.ok(hits.every((h) => h.metadata.documentId !== "emberfall"));
    assert.equal(await store.deleteDocument("never-indexed"), 0);
  });

  await step("document records round-trip and are listed", async (store) => {
    assert.equal(await store.getDocument("emberfall"), null);
    const first = record("emberfall", INDEXED_AT, "0001");
    await store.putDocument(first);
    assert.deepEqual(await store.getDocument("emberfall"), first);
    const second = { ...record("emberfall", "2025-02-01T00:00:00.000Z"), contentHash: "new" };
    await store.putDocument(second);
    assert.deepEqual(await store.getDocument("emberfall"), second);
    const other = record("glasswood", "2025-02-02T00:00:00.000Z", "0002");
    await store.putDocument(other);
    assert.deepEqual(await store.listDocuments(), [second, other]);
  });

  await step("info counts chunks and documents and reports freshness", async (store) => {
    const empty = await store.info();
    assert.equal(empty.kind, store.kind);
    assert.equal(empty.chunks, 0);
    assert.equal(empty.documents, 0);
    assert.equal(empty.lastIndexedAt, null);
    await load(store);
    await store.putDocument(record("emberfall", "2025-03-01T00:00:00.000Z"));
    await store.putDocument(record("tidewatch", "2025-03-02T00:00:00.000Z"));
    const full = await store.info();
    assert.equal(full.chunks, CONTRACT_CHUNKS.length);
    assert.equal(full.documents, 2);
    assert.equal(full.lastIndexedAt, "2025-03-02T00:00:00.000Z");
    if (dims) assert.equal(full.dimensions, dims);
  });

  await step("reset removes every chunk and record", async (store) => {
    await load(store);
    await store.putDocument(record("emberfall", INDEXED_AT));
    await store.reset();
    const info = await store.info();
    assert.deepEqual([info.chunks, info.documents, info.lastIndexedAt], [0, 0, null]);
    assert.deepEqual(await store.query({ ...ask("Queen Maren"), topK: 5 }), []);
    assert.deepEqual(await store.listDocuments(), []);
    await load(store);
    assert.equal((await store.info()).chunks, CONTRACT_CHUNKS.length);
  });

  await step("ping succeeds on a healthy store", async (store) => {
    await store.ping();
  });
}
