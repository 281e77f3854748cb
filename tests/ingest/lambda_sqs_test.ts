import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { documentFromMarkdown, parseFrontMatter } from "../../lib/ingest/mod.ts";
import type { SourceEntry } from "../../lib/ingest/mod.ts";
import { createProcessHandler } from "../../lambda/process.ts";
import type { BatchResponse } from "../../lambda/records.ts";
import type { RecordLogger, RecordMetrics } from "../../lambda/telemetry.ts";
import { fakeS3Client, startFakeS3 } from "../fakes/s3_server.ts";
import { objectCreatedEvent, sqsEvent } from "./s3_events.ts";

const BUCKET = "lore-pipeline";
const config = parseConfig({});

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><main><h1>${title}</h1>` +
  `<p>${body}</p></main></body></html>`;

/** Records log lines (with the correlation id in force) and metric values. */
function recorders() {
  const lines: { level: string; message: string; correlationId?: string; [k: string]: unknown }[] =
    [];
  let correlationId: string | undefined;
  const at = (level: string) => (message: string, attributes: Record<string, unknown> = {}) =>
    void lines.push({ level, message, correlationId, ...attributes });
  const logger: RecordLogger = {
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setCorrelationId: (id) => void (correlationId = id),
  };
  const values = new Map<string, number[]>();
  const metrics: RecordMetrics = {
    addMetric: (name, _unit, value) => void values.set(name, [...values.get(name) ?? [], value]),
  };
  const sum = (name: string) => (values.get(name) ?? []).reduce((a, b) => a + b, 0);
  return { lines, logger, metrics, sum };
}

Deno.test("an SQS batch reports exactly the failed messages and handles all the others", async (t) => {
  const s3 = await startFakeS3();
  const client = fakeS3Client(s3.url);
  const { lines, logger, metrics, sum } = recorders();
  try {
    s3.put(BUCKET, "raw/a.html", page("Alpha", "First page."));
    s3.put(BUCKET, "raw/b.html", page("Beta", "Second page."));
    s3.put(BUCKET, "raw/c.html", page("Gamma", "Third page."));
    const crawl = ["Orrun Reach", "Vell Marsh", "Tallow Gate"].map((title) =>
      JSON.stringify({
        url: `https://lore.example/wiki/${title.replaceAll(" ", "_")}`,
        content: page(title, `All about ${title}.`),
      })
    ).join("\n");
    s3.put(BUCKET, "raw/crawl/site.jsonl", crawl);
    const event = sqsEvent([
      objectCreatedEvent(BUCKET, ["raw/a.html", "raw/b.html"]),
      objectCreatedEvent(BUCKET, ["raw/c.html"]),
      { Service: "Amazon S3", Event: "s3:TestEvent", Bucket: BUCKET },
      "not json at all",
      objectCreatedEvent(BUCKET, ["raw/crawl/site.jsonl"]),
    ]);
    s3.failNext(1, (r) => r.method === "GET" && r.key === "raw/c.html");
    const handle = createProcessHandler({ s3: client, config, logger, metrics });
    const response = await handle(event) as BatchResponse;

    await t.step("only the failing and the malformed messages are returned", () => {
      assert.deepEqual(response, {
        batchItemFailures: [{ itemIdentifier: "msg-2" }, { itemIdentifier: "msg-4" }],
      });
    });
    await t.step("the other messages' objects are written, a crawl as one per page", () => {
      const keys = [...s3.objects.keys()].filter((k) => k.startsWith(`${BUCKET}/processed/`));
      assert.ok(keys.includes(`${BUCKET}/processed/a.md`));
      assert.ok(keys.includes(`${BUCKET}/processed/b.md`));
      assert.ok(!keys.includes(`${BUCKET}/processed/c.md`));
      const pages = keys.filter((k) => k.startsWith(`${BUCKET}/processed/crawl/site/`));
      assert.equal(pages.length, 3);
    });
    await t.step("each record's log line carries its key as correlation id", () => {
      const done = lines.filter((l) =>
        l.message === "record done" || l.message === "record failed"
      );
      assert.deepEqual(
        done.map((l) => [l.correlationId, l.key]),
        [
          ["raw/a.html", "raw/a.html"],
          ["raw/b.html", "raw/b.html"],
          ["raw/c.html", "raw/c.html"],
          ["raw/crawl/site.jsonl", "raw/crawl/site.jsonl"],
        ],
      );
      assert.ok(lines.some((l) => l.message === "message failed" && l.messageId === "msg-4"));
      const summary = lines.find((l) => l.message === "invocation summary")!;
      assert.equal(summary.messages, 5);
      assert.equal(summary.messagesFailed, 2);
      assert.equal(summary.records, 4);
      assert.equal(summary.failed, 1);
    });
    await t.step("metrics count pages cleaned and failures", () => {
      assert.equal(sum("PagesCleaned"), 5);
      assert.equal(sum("PagesWritten"), 5);
      assert.equal(sum("FailedRecords"), 1);
      assert.equal(sum("Records"), 4);
    });
    await t.step(
      "a redelivery of the failed message succeeds and rewrites nothing else",
      async () => {
        const puts = s3.requests.filter((r) => r.method === "PUT").length;
        const again = await handle(
          sqsEvent([objectCreatedEvent(BUCKET, ["raw/c.html", "raw/a.html"])]),
        );
        assert.deepEqual(again, { batchItemFailures: [] });
        assert.equal(s3.requests.filter((r) => r.method === "PUT").length - puts, 1);
      },
    );
  } finally {
    client.destroy();
    await s3.close();
  }
});

Deno.test("a many-document file becomes one object per document; a bad one fails only its record", async () => {
  const s3 = await startFakeS3();
  const client = fakeS3Client(s3.url);
  const { metrics, sum } = recorders();
  // A reader like a dump's or a book's: one file, several documents, one of them broken.
  async function* readBook(id: string, bytes: Uint8Array): AsyncGenerator<SourceEntry> {
    const sections = new TextDecoder().decode(bytes).split("\n---\n");
    for (const [i, section] of sections.entries()) {
      if (section.includes("BROKEN")) {
        yield { failed: true, id: `${id}#${i}`, source: id, reason: `section ${i}: unreadable` };
      } else yield await documentFromMarkdown(`${id}#chapter-${i + 1}`, section, { source: id });
    }
  }
  try {
    s3.put(
      BUCKET,
      "raw/books/saga.md",
      "# One\n\nIt began.\n---\n# Two\n\nIt went on.\n---\n# Three\n\nIt ended.",
    );
    s3.put(BUCKET, "raw/books/torn.md", "# One\n\nFine.\n---\nBROKEN\n---\n# Three\n\nFine too.");
    const handle = createProcessHandler({ s3: client, config, metrics, readDocuments: readBook });
    const response = await handle(sqsEvent([
      objectCreatedEvent(BUCKET, ["raw/books/saga.md"]),
      objectCreatedEvent(BUCKET, ["raw/books/torn.md"]),
    ])) as BatchResponse;
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: "msg-2" }]);
    const saga = [...s3.objects.keys()].filter((k) =>
      k.startsWith(`${BUCKET}/processed/books/saga/`)
    )
      .sort();
    assert.equal(saga.length, 3);
    const first = parseFrontMatter(new TextDecoder().decode(s3.objects.get(saga[0])!.body));
    assert.equal(first.data.documentId, "books/saga#chapter-1");
    assert.equal(first.data.source, "raw/books/saga.md");
    const torn = [...s3.objects.keys()].filter((k) =>
      k.startsWith(`${BUCKET}/processed/books/torn/`)
    );
    assert.equal(torn.length, 2, "the readable sections of the torn book are still written");
    assert.equal(sum("PagesFailed"), 1);
    assert.equal(sum("PagesCleaned"), 5);
  } finally {
    client.destroy();
    await s3.close();
  }
});
