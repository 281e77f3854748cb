import assert from "node:assert/strict";
import { parseFrontMatter } from "../../lib/ingest/mod.ts";
import { configureLogging, getLogger, resetLogging } from "../../lib/log/mod.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { createProcessHandler } from "../../lambda/process.ts";
import { RecordsFailedError } from "../../lambda/records.ts";
import { InvalidEventError } from "../../lambda/s3_event.ts";
import { fakeS3Client, startFakeS3 } from "../fakes/s3_server.ts";
import { directS3, objectCreatedEvent } from "./s3_events.ts";

const BUCKET = "lore-pipeline";
const config = parseConfig({});

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} - Lore</title>` +
  `<link rel="canonical" href="https://lore.example/wiki/${title.replaceAll(" ", "_")}">` +
  `<meta name="description" content="About ${title}."></head><body><nav>Home · Index</nav>` +
  `<main><h1>${title}</h1><p>${body}</p><h2>History</h2><p>Old tales of ${title}.</p>` +
  `</main><footer>© Lore</footer></body></html>`;

Deno.test("process handles every record, throws listing the failed key, and re-runs cleanly", async (t) => {
  const s3 = await startFakeS3();
  const client = fakeS3Client(s3.url);
  const lines: string[] = [];
  await configureLogging({ config: { ...config, logFormat: "json" }, write: (l) => lines.push(l) });
  try {
    s3.put(BUCKET, "raw/corvane-i.html", page("Corvane I", "A queen of salt."));
    s3.put(BUCKET, "raw/lore/House Tallowin (2).html", page("House Tallowin", "Candle makers."));
    s3.put(BUCKET, "raw/essary.html", page("Essary", "A river town."));
    const keys = ["raw/corvane-i.html", "raw/lore/House Tallowin (2).html", "raw/essary.html"];
    const event = objectCreatedEvent(BUCKET, keys);
    const logger = getLogger(["lorechat", "lambda", "process"]);
    const handle = directS3(createProcessHandler({ s3: client, config, logger }));

    await t.step("a failing record is reported after the others are written", async () => {
      s3.failNext(1, (r) => r.method === "GET" && r.key === "raw/essary.html");
      const error = await handle(event).then(() => null, (e) => e);
      assert.ok(error instanceof RecordsFailedError, String(error));
      assert.equal(error.failures.length, 1);
      assert.equal(error.failures[0].key, "raw/essary.html");
      assert.match(error.message, /1 of 3 record\(s\) failed: raw\/essary\.html: InternalError/);
      assert.ok(s3.objects.has(`${BUCKET}/processed/corvane-i.md`));
      assert.ok(s3.objects.has(`${BUCKET}/processed/lore/House Tallowin (2).md`));
      assert.ok(!s3.objects.has(`${BUCKET}/processed/essary.md`));
    });

    await t.step("the output carries metadata in front matter and object metadata", () => {
      const object = s3.objects.get(`${BUCKET}/processed/lore/House Tallowin (2).md`)!;
      const { data, body } = parseFrontMatter(new TextDecoder().decode(object.body));
      assert.equal(data.title, "House Tallowin");
      assert.equal(data.url, "https://lore.example/wiki/House_Tallowin");
      assert.equal(data.source, "raw/lore/House Tallowin (2).html");
      assert.equal(data.documentId, "lore/House Tallowin (2)");
      assert.match(data.contentHash, /^[0-9a-f]{64}$/);
      assert.match(body, /Candle makers\./);
      assert.doesNotMatch(body, /Home · Index|© Lore/, "boilerplate is gone");
      assert.equal(decodeURIComponent(object.metadata.title), "House Tallowin");
      assert.equal(
        decodeURIComponent(object.metadata["source-key"]),
        "raw/lore/House Tallowin (2).html",
      );
      assert.equal(object.metadata["content-hash"], data.contentHash);
      assert.match(object.contentType, /^text\/markdown/);
    });

    await t.step("re-delivery after the fault completes without rewriting", async () => {
      const puts = () => s3.requests.filter((r) => r.method === "PUT").length;
      const before = puts();
      const summary = await handle(event);
      assert.equal(summary.records, 3);
      assert.equal(summary.ok, 3);
      assert.equal(summary.failed, 0);
      assert.deepEqual(summary.results.map((r) => r.outcome), [
        "unchanged",
        "unchanged",
        "written",
      ]);
      assert.equal(puts() - before, 1, "only the missing page is written");
      const processed = [...s3.objects.keys()].filter((k) => k.startsWith(`${BUCKET}/processed/`));
      assert.equal(processed.length, 3);
    });

    await t.step("one summary line per invocation", () => {
      const summaries = lines.map((l) => JSON.parse(l)).filter((l) =>
        l.message === "invocation summary"
      );
      assert.equal(summaries.length, 2);
      assert.deepEqual(
        summaries.map(({ records, ok, failed }) => ({ records, ok, failed })),
        [{ records: 3, ok: 2, failed: 1 }, { records: 3, ok: 3, failed: 0 }],
      );
      assert.ok(summaries.every((s) => typeof s.durationMs === "number"));
    });

    await t.step("keys outside raw/ are skipped, not written", async () => {
      s3.put(BUCKET, "processed/loop.md", "# Loop");
      const summary = await handle(objectCreatedEvent(BUCKET, ["processed/loop.md"]));
      assert.equal(summary.skipped, 1);
      assert.ok(!s3.objects.has(`${BUCKET}/processed/processed/loop.md`));
    });

    await t.step(
      "a JSONL crawl becomes one object per page; bad lines fail the record",
      async () => {
        const jsonl = [
          JSON.stringify({
            url: "https://lore.example/wiki/Orrun_Reach",
            content: page("Orrun Reach", "Cliffs."),
          }),
          "{broken",
        ].join("\n");
        s3.put(BUCKET, "raw/crawl/2026-01-02.jsonl", jsonl, {
          contentType: "application/x-ndjson",
        });
        const error = await handle(objectCreatedEvent(BUCKET, ["raw/crawl/2026-01-02.jsonl"]))
          .then(() => null, (e) => e);
        assert.match(String(error), /raw\/crawl\/2026-01-02\.jsonl: line 2: invalid JSON/);
        const written = [...s3.objects.keys()].filter((k) =>
          k.includes("processed/crawl/2026-01-02/")
        );
        assert.equal(written.length, 1);
        assert.match(written[0], /lore\.example_wiki_Orrun_Reach-[0-9a-f]{10}\.md$/);
      },
    );

    await t.step("an event that is not an S3 notification is rejected", async () => {
      await assert.rejects(handle({ Records: [{ nope: true }] }), InvalidEventError);
      await assert.rejects(handle({}), InvalidEventError);
    });
  } finally {
    await resetLogging();
    client.destroy();
    await s3.close();
  }
});
