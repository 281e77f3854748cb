/**
 * `deno task ingest PATH|s3://bucket/prefix|https://site/ [--json] [--prune]`
 *
 * Indexes a folder, a file, or an S3 prefix into the configured vector store with the
 * configured embedder — the same code the Lambda functions run. Idempotent: a second run
 * over unchanged input reports everything `unchanged` and writes nothing. `--prune`
 * removes stored documents that are no longer in the input (skipped if any failed).
 * Progress goes to stderr on a terminal; the report goes to stdout (as JSON with
 * `--json`). Exits 1 when any document failed, 2 on bad usage or configuration.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../lib/config/mod.ts";
import { configureLogging } from "../lib/log/mod.ts";
import { createEmbedder } from "../lib/embeddings/mod.ts";
import { createVectorStore } from "../lib/vectorstore/mod.ts";
import {
  indexDocuments,
  type IndexProgress,
  type IndexReport,
  listSourceFiles,
  readSourceTree,
  type SourceEntry,
} from "../lib/ingest/mod.ts";
import { createS3Client, parseS3Url } from "../lib/ingest/s3.ts";
import { readS3Tree } from "../lib/ingest/s3_source.ts";
import { isHttpUrl, openUrlSource, parseCrawlFlags } from "../lib/sources/crawl/mod.ts";

const USAGE = "usage: deno task ingest PATH|s3://bucket/prefix [--json] [--prune]\n" +
  "       deno task ingest https://site/ [--max-pages N] [--depth N] [--concurrency N] [--delay-ms N]";

/** A one-line progress bar on stderr, redrawn in place. */
function progressBar(total: number | null): (p: IndexProgress) => void {
  const encoder = new TextEncoder();
  return (p) => {
    const width = 28;
    const shown = total ? Math.min(p.done, total) : p.done;
    const filled = total ? Math.round((shown / total) * width) : 0;
    const bar = total ? `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ` : "";
    const count = total ? `${shown}/${total}` : `${p.done}`;
    const line = `\r\x1b[2K${bar}${count} ${p.outcome.padEnd(9)} ${p.id}`.slice(0, 160);
    Deno.stderr.writeSync(encoder.encode(line));
  };
}

/** The report as an aligned table. */
function formatReport(report: IndexReport, extra: Record<string, string>): string {
  const rows: [string, string][] = [
    ["documents", String(report.documents)],
    ["indexed", String(report.indexed)],
    ["unchanged", String(report.unchanged)],
    ["outdated", String(report.outdated)],
    ["chunks added", String(report.chunksAdded)],
    ["chunks updated", String(report.chunksUpdated)],
    ["chunks deleted", String(report.chunksDeleted)],
    ["pruned", report.pruneSkipped ? `0 (skipped: ${report.pruneSkipped})` : String(report.pruned)],
    ["failed", String(report.failed)],
    ...Object.entries(extra),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  for (const f of report.failures) lines.push(`  ✗ ${f.id}: ${f.reason}`);
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      prune: { type: "boolean" },
      "max-pages": { type: "string" },
      depth: { type: "string" },
      concurrency: { type: "string" },
      "delay-ms": { type: "string" },
    },
  });
  let crawlFlags;
  try {
    crawlFlags = parseCrawlFlags(values);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  let config;
  try {
    config = parseConfig(Deno.env.toObject());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  // Log lines go to stderr so stdout carries only the report.
  await configureLogging({ config, write: (line) => console.error(line.trimEnd()) });
  const target = positionals[0];
  const location = parseS3Url(target);
  const embedder = createEmbedder(config);
  const store = createVectorStore(config, { dimensions: embedder.dimensions });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted"));
  Deno.addSignalListener("SIGINT", onSignal);
  const started = performance.now();
  try {
    let entries: AsyncIterable<SourceEntry>;
    let total: number | null = null;
    let s3 = null;
    let site = null;
    if (isHttpUrl(target)) {
      site = await openUrlSource(target, {
        ...crawlFlags,
        dataDir: config.DATA_DIR,
        signal: controller.signal,
      });
      entries = site.entries;
    } else if (location) {
      s3 = createS3Client(config);
      entries = readS3Tree(s3, location, { signal: controller.signal });
    } else {
      const files = await listSourceFiles(target);
      total = files.length;
      entries = readSourceTree(target, { files });
    }
    const tty = Deno.stderr.isTerminal();
    let report: IndexReport;
    try {
      report = await indexDocuments(entries, {
        store,
        embedder,
        chunkOptions: {
          size: config.CHUNK_SIZE,
          overlap: config.CHUNK_OVERLAP,
          unit: config.CHUNK_UNIT,
        },
        batchSize: config.EMBEDDINGS_BATCH_SIZE,
        prune: values.prune ?? false,
        signal: controller.signal,
        onProgress: tty ? progressBar(total) : undefined,
      });
    } catch (error) {
      if (!site || !controller.signal.aborted) throw error;
      console.error("\ninterrupted: run the same command again to resume the crawl");
      return 130;
    } finally {
      if (tty) Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[2K"));
      s3?.destroy();
      site?.close();
    }
    const durationMs = Math.round(performance.now() - started);
    const info = await store.info();
    const requests = site ? { requests: site.requests() } : {};
    if (values.json) {
      console.log(JSON.stringify({ ...report, durationMs, ...requests, store: info }, null, 2));
    } else {
      console.log(formatReport(report, {
        store: `${info.kind}: ${info.documents} documents, ${info.chunks} chunks` +
          (info.dimensions ? `, ${info.dimensions}-d vectors` : ", lexical only"),
        duration: `${(durationMs / 1000).toFixed(2)} s`,
        ...(site ? { requests: String(site.requests()) } : {}),
      }));
    }
    return report.failed > 0 ? 1 : 0;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    await store.close();
  }
}

if (import.meta.main) Deno.exit(await main());
