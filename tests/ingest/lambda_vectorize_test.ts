import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { indexDocuments, readSourceTree } from "../../lib/ingest/mod.ts";
import { openSqliteStore } from "../../lib/vectorstore/mod.ts";
import { createProcessHandler } from "../../lambda/process.ts";
import { createVectorizeHandler } from "../../lambda/vectorize.ts";
import { RecordsFailedError } from "../../lambda/records.ts";
import { fakeS3Client, startFakeS3 } from "../fakes/s3_server.ts";
import { hashingEmbedder } from "./embedder_double.ts";
import { directS3, objectCreatedEvent } from "./s3_events.ts";

const BUCKET = "lore-pipeline";
const SAMPLE = new URL("../../sample/lore", import.meta.url).pathname;
const config = parseConfig({ CHUNK_SIZE: "600", CHUNK_OVERLAP: "80", LOG_LEVEL: "error" });

Deno.test("vectorize indexes every record, throws for the failed one, and re-runs without duplicates", async (t) => {
  const s3 = await startFakeS3();
  const client = fakeS3Client(s3.url);
  const store = openSqliteStore({ path: ":memory:", dimensions: 8 });
  try {
    // Realistic input: the process handler's own output for three sample pages.
    const raw = {
      "raw/hallowmere.html": "hallowmere.html",
      "raw/Glass Wyrm (draft).html": "glass-wyrm.html",
      "raw/houses/House Tallowin.html": "house-tallowin.html",
    };
    for (const [key, file] of Object.entries(raw)) {
      s3.put(BUCKET, key, await Deno.readFile(`${SAMPLE}/${file}`));
    }
    await createProcessHandler({ s3: client, config })(
      objectCreatedEvent(BUCKET, Object.keys(raw)),
    );
    const keys = [
      "processed/hallowmere.md",
      "processed/Glass Wyrm (draft).md",
      "processed/houses/House Tallowin.md",
    ];
    const event = objectCreatedEvent(BUCKET, keys, {
      sequencers: ["0065A1B2C3D4E5F701", "0065A1B2C3D4E5F702", "0065A1B2C3D4E5F703"],
    });
    assert.match(JSON.stringify(event), /Glass\+Wyrm\+%28draft%29\.md/, "keys arrive URL-encoded");
    const handle = directS3(createVectorizeHandler({
      s3: client,
      store,
      embedder: hashingEmbedder(),
      config,
    }));

    await t.step("a failing record is reported after the others are indexed", async () => {
      s3.failNext(1, (r) => r.method === "GET" && r.key === "processed/Glass Wyrm (draft).md");
      const error = await handle(event).then(() => null, (e) => e);
      assert.ok(error instanceof RecordsFailedError, String(error));
      assert.deepEqual(error.failures.map((f) => f.key), ["processed/Glass Wyrm (draft).md"]);
      const ids = (await store.listDocuments()).map((r) => r.documentId).sort();
      assert.deepEqual(ids, ["hallowmere", "houses/House Tallowin"]);
    });

    await t.step("re-delivery indexes the missing one and leaves the rest unchanged", async () => {
      const summary = await handle(event);
      assert.deepEqual(summary.results.map((r) => r.outcome), [
        "unchanged",
        "indexed",
        "unchanged",
      ]);
      const records = await store.listDocuments();
      assert.equal(records.length, 3);
      const info = await store.info();
      assert.equal(
        info.chunks,
        records.reduce((n, r) => n + r.chunkIds.length, 0),
        "no duplicates",
      );
      const glass = records.find((r) => r.documentId === "Glass Wyrm (draft)")!;
      assert.equal(glass.version, "0065A1B2C3D4E5F702");
      assert.match(glass.url, /^https:\/\/lore\.example\/wiki\//);
      const hits = await store.query({
        text: "Hallowmere",
        vector: [1, 0, 0, 0, 0, 0, 0, 0],
        topK: 3,
      });
      assert.ok(hits.some((h) => h.metadata.documentId === "hallowmere"));
    });

    await t.step("the CLI path sees a page the Lambda path indexed as unchanged", async () => {
      const report = await indexDocuments(readSourceTree(`${SAMPLE}/hallowmere.html`), {
        store,
        embedder: hashingEmbedder(),
        chunkOptions: { size: 600, overlap: 80, unit: "chars" },
      });
      assert.equal(report.failed, 0, JSON.stringify(report.failures));
      assert.equal(report.unchanged, 1);
    });

    await t.step("an older event for a key is skipped, not applied", async () => {
      s3.put(BUCKET, "processed/hallowmere.md", "---\ntitle: Hallowmere\n---\nStale words only.");
      const stale = objectCreatedEvent(BUCKET, ["processed/hallowmere.md"], {
        sequencers: ["0065A1B2C3D4E5F6FF"],
      });
      const summary = await handle(stale);
      assert.equal(summary.results[0].outcome, "outdated");
      const hits = await store.query({ text: "stale", topK: 3 });
      assert.equal(hits.length, 0);
    });

    await t.step("keys that are not processed Markdown are skipped", async () => {
      const summary = await handle(
        objectCreatedEvent(BUCKET, ["raw/hallowmere.html", "processed/x.txt"]),
      );
      assert.equal(summary.skipped, 2);
      assert.equal(summary.failed, 0);
    });
  } finally {
    client.destroy();
    await store.close();
    await s3.close();
  }
});
