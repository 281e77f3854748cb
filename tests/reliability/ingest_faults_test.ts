import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parseConfig } from "../../lib/config/mod.ts";
import { createOpenAiEmbedder } from "../../lib/embeddings/mod.ts";
import {
  chunkMarkdown,
  documentFromMarkdown,
  documentIdFromPath,
  parseFrontMatter,
} from "../../lib/ingest/mod.ts";
import { openSqliteStore, type VectorStore } from "../../lib/vectorstore/mod.ts";
import { createProcessHandler } from "../../lambda/process.ts";
import { createVectorizeHandler } from "../../lambda/vectorize.ts";
import { type FakeS3, fakeS3Client, startFakeS3 } from "../fakes/s3_server.ts";
import { startFakeOpenAi } from "../fakes/openai_server.ts";
import { directS3, objectCreatedEvent } from "../ingest/s3_events.ts";
import { AsyncLambdaQueue, seededRandom } from "./lambda_delivery.ts";

const BUCKET = "lore-faults";
const N = 60;
const DIMENSIONS = 64;
const SEED = 20261125;
const FAULT_RATE = 0.2;
const config = parseConfig({
  LOG_LEVEL: "error",
  CHUNK_SIZE: "500",
  CHUNK_OVERLAP: "60",
  EMBEDDINGS_BATCH_SIZE: "8",
});

const WORDS = ("ash ember tide salt glass lantern wyrm crown harbour queen guild reckoning " +
  "cinder moth vale barrow oath river marsh hollow spire bell candle tallow").split(" ");

/** A generated lore page; some are deliberately malformed HTML (the cleaner copes). */
function page(i: number, version: number, random: () => number): string {
  const sentence = () =>
    Array.from(
      { length: 8 + Math.floor(random() * 10) },
      () => WORDS[Math.floor(random() * WORDS.length)],
    ).join(" ") + ".";
  const sections = Array.from(
    { length: 1 + (i % 6) },
    (_, s) =>
      `<h2>Part ${s + 1}</h2><p>${
        Array.from({ length: 2 + Math.floor(random() * 5) }, sentence).join(" ")
      }</p>`,
  ).join("");
  const body = `<main><h1>Lore Page ${i}</h1><p>Version ${version} of page ${i}. ${sentence()}` +
    `</p>${sections}</main>`;
  const html = `<!doctype html><html lang="en"><head><title>Lore Page ${i} - Wiki</title>` +
    `<link rel="canonical" href="https://lore.example/wiki/page-${i}"></head><body>` +
    `<nav>Home · Index</nav>${body}<footer>© Lore</footer></body></html>`;
  // Every seventh page loses its closing tags and gains stray ones.
  return i % 7 === 3
    ? html.replace(/<\/(p|main|body|html)>/g, "").replace("<h2>", "</span><h2>")
    : html;
}

function rawKey(i: number): string {
  if (i % 10 === 0) return `raw/Lore Page ${i} (draft).html`;
  if (i % 5 === 0) return `raw/realm/page-${i}.html`;
  return `raw/page-${i}.html`;
}

/** The network in front of the embeddings fake: drops or 503s a share of requests. */
function lossyFetch(random: () => number, faults: { rate: number }): typeof fetch {
  return (input, init) => {
    if (faults.rate > 0 && random() < faults.rate) {
      if (random() < 0.5) return Promise.reject(new TypeError("connection reset by peer"));
      return Promise.resolve(
        Response.json({ error: { message: "overloaded", type: "server_error" } }, { status: 503 }),
      );
    }
    return fetch(input, init);
  };
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(18, "0");

/** Turns every successful PUT the fake S3 saw (since the last call) into an S3 event. */
function notifications(s3: FakeS3, send: (fn: string, event: unknown) => void) {
  let seen = 0;
  return () => {
    for (; seen < s3.requests.length; seen++) {
      const r = s3.requests[seen];
      if (r.method !== "PUT" || r.status !== 200 || !r.key.startsWith("processed/")) continue;
      send("vectorize", objectCreatedEvent(r.bucket, [r.key], { sequencers: [hex(seen + 1)] }));
    }
  };
}

/** Chunk ids per document as the store's own rows have them. */
function storedChunkIds(path: string): Map<string, string[]> {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare("SELECT id, document_id FROM chunks ORDER BY id").all() as {
      id: string;
      document_id: string;
    }[];
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.document_id, [...(out.get(r.document_id) ?? []), r.id]);
    return out;
  } finally {
    db.close();
  }
}

async function pipeline() {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-faults-" });
  const s3 = await startFakeS3();
  const openai = await startFakeOpenAi();
  const client = fakeS3Client(s3.url);
  const storePath = `${dir}/store.sqlite`;
  const store: VectorStore = openSqliteStore({ path: storePath, dimensions: DIMENSIONS });
  const embedFaults = { rate: 0 };
  const embedder = createOpenAiEmbedder({
    model: "text-embedding-3-small",
    dimensions: DIMENSIONS,
    apiKey: "sk-test-faults",
    baseURL: openai.url,
    fetch: lossyFetch(seededRandom(SEED + 1), embedFaults),
    batchSize: 8,
    maxRetries: 0,
  });
  return {
    s3,
    store,
    storePath,
    embedFaults,
    process: directS3(createProcessHandler({ s3: client, config })),
    vectorize: directS3(createVectorizeHandler({ s3: client, store, embedder, config })),
    async close() {
      client.destroy();
      await store.close();
      await openai.close();
      await s3.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("ingestion under random S3 and embedder faults loses nothing and duplicates nothing", async () => {
  const p = await pipeline();
  const random = seededRandom(SEED);
  try {
    const queue = new AsyncLambdaQueue({
      handlers: { process: p.process, vectorize: p.vectorize },
      random,
      afterInvoke: () => notify(),
    });
    const notify = notifications(p.s3, (fn, event) => queue.send(fn, event));
    const versions = new Map<number, number>();
    const upload = (i: number, version: number) => {
      p.s3.put(BUCKET, rawKey(i), page(i, version, random));
      versions.set(i, version);
      queue.send("process", objectCreatedEvent(BUCKET, [rawKey(i)]));
    };

    p.s3.failRandomly(SEED, FAULT_RATE);
    p.embedFaults.rate = FAULT_RATE;
    for (let i = 0; i < N; i++) upload(i, 1);
    await queue.drain(N);
    // A second version of some pages, while the first one's events are still in flight.
    for (let i = 0; i < N; i += 6) upload(i, 2);
    await queue.drain();
    const faulted = { ...queue.stats };
    const deadLettered = queue.deadLetters.length;
    for (const letter of queue.deadLetters) {
      assert.ok(letter.failures.length > 0 && letter.failures.every((f) => f.key && f.reason));
    }

    p.s3.failRandomly(0, 0);
    p.embedFaults.rate = 0;
    assert.equal(queue.redrive(), deadLettered);
    await queue.drain();
    assert.equal(queue.deadLetters.length, 0, JSON.stringify(queue.deadLetters));

    const records = await p.store.listDocuments();
    const stored = storedChunkIds(p.storePath);
    let lost = 0;
    let duplicated = 0;
    let expectedChunks = 0;
    for (const [i, version] of versions) {
      const key = `processed/${rawKey(i).slice("raw/".length).replace(/\.html$/, ".md")}`;
      const text = p.s3.text(BUCKET, key);
      assert.ok(text, `${key} was written`);
      const id = parseFrontMatter(text).data.documentId ||
        documentIdFromPath(key.slice("processed/".length));
      const doc = await documentFromMarkdown(id, text);
      assert.match(doc.markdown, new RegExp(`Version ${version} of page ${i}\\b`));
      const expected = chunkMarkdown(doc.markdown, {
        documentId: id,
        title: doc.title,
        url: doc.url,
        size: config.CHUNK_SIZE,
        overlap: config.CHUNK_OVERLAP,
        unit: config.CHUNK_UNIT,
      }).map((c) => c.id).sort();
      expectedChunks += expected.length;
      const have = stored.get(id) ?? [];
      lost += expected.filter((c) => !have.includes(c)).length;
      duplicated += have.filter((c) => !expected.includes(c)).length;
      const record = records.find((r) => r.documentId === id);
      assert.deepEqual([...(record?.chunkIds ?? [])].sort(), expected, `record of ${id}`);
    }
    const total = [...stored.values()].reduce((n, ids) => n + ids.length, 0);
    assert.equal(records.length, N, "one record per page");
    assert.equal(stored.size, N, "chunks of exactly the N pages");
    assert.equal(lost, 0, "no chunk lost");
    assert.equal(duplicated, 0, "no stale or duplicate chunk");
    assert.equal(total, expectedChunks);
    assert.equal((await p.store.info()).chunks, expectedChunks);
    assert.ok(faulted.retries > 0 && deadLettered > 0, "the faults did bite");
    console.log(
      `${N} ingested under ${FAULT_RATE * 100}% S3 and embedder faults, ${records.length} stored ` +
        `(${total} chunks), ${lost} lost / ${duplicated} duplicated, ${faulted.retries} retries, ` +
        `${faulted.duplicates} duplicate deliveries, ${deadLettered} dead-lettered then redriven`,
    );
  } finally {
    await p.close();
  }
});

Deno.test("an older version arriving after a newer one does not overwrite it", async () => {
  const p = await pipeline();
  try {
    const key = "processed/wyrm.md";
    p.s3.put(BUCKET, key, "---\ntitle: Wyrm\n---\n# Wyrm\n\nThe glass wyrm sleeps under Varrow.\n");
    const newer = await p.vectorize(objectCreatedEvent(BUCKET, [key], { sequencers: [hex(20)] }));
    assert.equal(newer.results[0].outcome, "indexed");
    // A slow invocation for an earlier write, still holding that write's bytes, lands late.
    p.s3.put(BUCKET, key, "---\ntitle: Wyrm\n---\n# Wyrm\n\nAn outdated rumour of ash.\n");
    const older = await p.vectorize(objectCreatedEvent(BUCKET, [key], { sequencers: [hex(7)] }));
    assert.equal(older.results[0].outcome, "outdated");
    const record = await p.store.getDocument("wyrm");
    assert.equal(record?.version, hex(20));
    const hits = await p.store.query({ text: "rumour", topK: 3 });
    assert.equal(hits.length, 0, "the older text never reached the store");
    assert.equal(
      (await p.store.query({ text: "glass wyrm", topK: 3 }))[0]?.metadata.documentId,
      "wyrm",
    );
  } finally {
    await p.close();
  }
});

Deno.test("a poison record is dead-lettered with its key and reason; the rest of its batch is stored", async () => {
  const p = await pipeline();
  const queue = new AsyncLambdaQueue({
    handlers: { vectorize: p.vectorize },
    random: seededRandom(SEED),
    duplicateRate: 0,
  });
  try {
    const keys = ["processed/alpha.md", "processed/poison.md", "processed/omega.md"];
    for (const key of keys) {
      const name = key.slice(10, -3);
      p.s3.put(BUCKET, key, `---\ntitle: ${name}\n---\n# ${name}\n\nThe tale of ${name}.\n`);
    }
    // The poison object can never be read.
    p.s3.failNext(Number.MAX_SAFE_INTEGER, (r) => r.method === "GET" && r.key === keys[1]);
    queue.send("vectorize", objectCreatedEvent(BUCKET, keys));
    await queue.drain();
    assert.equal(queue.stats.invocations, 3, "three attempts, then the dead-letter list");
    assert.equal(queue.deadLetters.length, 1);
    const [letter] = queue.deadLetters;
    assert.deepEqual(letter.failures.map((f) => f.key), ["processed/poison.md"]);
    assert.match(letter.failures[0].reason, /InternalError|internal error/i);
    const ids = (await p.store.listDocuments()).map((r) => r.documentId).sort();
    assert.deepEqual(ids, ["alpha", "omega"]);
    const chunks = (await p.store.info()).chunks;

    queue.redrive();
    await queue.drain();
    assert.equal(queue.deadLetters.length, 1, "still poison after a redrive");
    assert.equal((await p.store.info()).chunks, chunks, "the retries rewrote nothing");
  } finally {
    await p.close();
  }
});
