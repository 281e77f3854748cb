import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import {
  type DocumentClaims,
  documentFromMarkdown,
  indexDocuments,
  type IndexReport,
  type SourceDocument,
} from "../../lib/ingest/mod.ts";
import { sqliteClaims } from "../../lib/ingest/claims_sqlite.ts";
import { redisClaims } from "../../lib/ingest/claims_redis.ts";
import { createUpstashStore, openSqliteStore } from "../../lib/vectorstore/mod.ts";
import type { VectorStore } from "../../lib/vectorstore/store.ts";
import { createProcessHandler } from "../../lambda/process.ts";
import { createVectorizeHandler } from "../../lambda/vectorize.ts";
import { fakeS3Client, startFakeS3 } from "../fakes/s3_server.ts";
import { startFakeUpstash } from "../fakes/upstash_server.ts";
import { startFakeUpstashRedis } from "../fakes/upstash_redis_fake.ts";
import { hashingEmbedder } from "./embedder_double.ts";
import { directS3, objectCreatedEvent } from "./s3_events.ts";

const TOKEN = "claims-test-token";
const OLDER = "0065A1B2C3D4E5F701";
const NEWER = "0065A1B2C3D4E5F702";

/** An embedder slow enough that two deliveries overlap while both embed. */
function slowEmbedder() {
  const inner = hashingEmbedder();
  const plain = inner.embedDocuments.bind(inner);
  return Object.assign(inner, {
    async embedDocuments(texts: string[]) {
      await new Promise((r) => setTimeout(r, 40));
      return await plain(texts);
    },
  });
}

const doc = (text: string, version: string) =>
  documentFromMarkdown("varrow", `# Varrow\n\n${text}`).then((d): SourceDocument => ({
    ...d,
    version,
  }));

/** Two instances (own store connection, own claims client) over one backend. */
interface Backend {
  name: string;
  open(): { store: VectorStore; claims?: DocumentClaims };
  close(): Promise<void>;
}

async function sqliteBackend(withClaims = true): Promise<Backend> {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-claims-" });
  const file = `${dir}/store.sqlite`;
  const opened: { store: VectorStore; claims?: DocumentClaims }[] = [];
  return {
    name: "sqlite",
    open() {
      const instance = {
        store: openSqliteStore({ path: file, dimensions: 8 }),
        claims: withClaims ? sqliteClaims(file) : undefined,
      };
      opened.push(instance);
      return instance;
    },
    async close() {
      for (const i of opened) await Promise.all([i.store.close(), i.claims?.close?.()]);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function upstashBackend(): Backend {
  const vectors = startFakeUpstash({ token: TOKEN, dimension: 8 });
  const redis = startFakeUpstashRedis(TOKEN);
  const opened: VectorStore[] = [];
  return {
    name: "upstash",
    open() {
      const store = createUpstashStore({
        url: vectors.url,
        token: TOKEN,
        dimensions: 8,
        mode: "dense",
      });
      opened.push(store);
      return { store, claims: redisClaims({ url: redis.url, token: TOKEN }) };
    },
    async close() {
      for (const s of opened) await s.close();
      await vectors.close();
      await redis.close();
    },
  };
}

function run(
  instance: { store: VectorStore; claims?: DocumentClaims },
  document: SourceDocument,
  embedder = slowEmbedder(),
): Promise<IndexReport> {
  return indexDocuments([document], {
    store: instance.store,
    embedder,
    claims: instance.claims,
    claimTiming: { pollMs: 10 },
    chunkOptions: { size: 600, overlap: 80, unit: "chars" },
  });
}

for (const make of [() => sqliteBackend(), () => Promise.resolve(upstashBackend())]) {
  Deno.test("two simultaneous deliveries of one version store it once", async (t) => {
    const backend = await make();
    try {
      await t.step(backend.name, async () => {
        const a = backend.open();
        const b = backend.open();
        const embedder = slowEmbedder();
        const version = await doc("The walls are white now.", NEWER);
        const reports = await Promise.all([run(a, version, embedder), run(b, version, embedder)]);
        assert.deepEqual(reports.map((r) => r.failed), [0, 0]);
        assert.deepEqual(reports.map((r) => r.indexed + r.unchanged), [1, 1]);
        assert.equal(reports[0].indexed + reports[1].indexed, 1, "exactly one writes");
        const record = (await a.store.getDocument("varrow"))!;
        assert.equal(embedder.texts, record.chunkIds.length, "embedded once");
        assert.equal((await a.store.info()).chunks, record.chunkIds.length);
        assert.equal(record.version, NEWER);
      });
    } finally {
      await backend.close();
    }
  });

  Deno.test("an older and a newer delivery racing leave only the newer", async (t) => {
    const backend = await make();
    try {
      for (const order of ["older first", "newer first"]) {
        await t.step(`${backend.name}, ${order}`, async () => {
          const a = backend.open();
          const b = backend.open();
          await a.store.reset();
          const older = await doc("The walls were grey.", OLDER);
          const newer = await doc("The walls are white now, and the gate is new.", NEWER);
          const [x, y] = order === "older first" ? [older, newer] : [newer, older];
          await Promise.all([run(a, x), run(b, y)]);
          const record = (await a.store.getDocument("varrow"))!;
          assert.equal(record.version, NEWER);
          const vector = (await hashingEmbedder().embedQuery("walls"))!;
          const hits = await a.store.query({ text: "walls", vector, topK: 5 });
          assert.deepEqual(hits.map((h) => h.text), [newer.markdown]);
        });
      }
    } finally {
      await backend.close();
    }
  });
}

Deno.test("without claims the same two deliveries both embed and write (the race claims close)", async () => {
  const backend = await sqliteBackend(false);
  try {
    const embedder = slowEmbedder();
    const version = await doc("The walls are white now.", NEWER);
    const reports = await Promise.all([
      run(backend.open(), version, embedder),
      run(backend.open(), version, embedder),
    ]);
    assert.equal(reports[0].indexed + reports[1].indexed, 2);
    const record = (await backend.open().store.getDocument("varrow"))!;
    assert.equal(embedder.texts, 2 * record.chunkIds.length);
  } finally {
    await backend.close();
  }
});

Deno.test("two vectorize invocations given the same S3 object at once index it once", async () => {
  const s3 = await startFakeS3();
  const client = fakeS3Client(s3.url);
  const backend = await sqliteBackend();
  const config = parseConfig({ LOG_LEVEL: "error" });
  try {
    s3.put(
      "lore",
      "raw/varrow.html",
      "<html><head><title>Varrow</title></head><body><main><h1>Varrow</h1>" +
        "<p>The walls are white now.</p></main></body></html>",
    );
    await createProcessHandler({ s3: client, config })(
      objectCreatedEvent("lore", ["raw/varrow.html"]),
    );
    const embedder = slowEmbedder();
    const handler = () => {
      const { store, claims } = backend.open();
      return directS3(createVectorizeHandler({ s3: client, store, embedder, config, claims }));
    };
    const event = objectCreatedEvent("lore", ["processed/varrow.md"], { sequencers: [NEWER] });
    const [first, second] = await Promise.all([handler()(event), handler()(event)]);
    const outcomes = [first.results[0].outcome, second.results[0].outcome].sort();
    assert.deepEqual(outcomes, ["indexed", "unchanged"]);
    const record = (await backend.open().store.getDocument("varrow"))!;
    assert.equal(embedder.texts, record.chunkIds.length);
  } finally {
    client.destroy();
    await backend.close();
    await s3.close();
  }
});
