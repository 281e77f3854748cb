/**
 * `deno task ingest PATH|s3://bucket/prefix|https://site/ [--json] [--prune] [--namespaces 0,112] [--collection NAME]`
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
import { type Config, ConfigError, parseConfig } from "../lib/config/mod.ts";
import { configureLogging } from "../lib/log/mod.ts";
import { loadEmbedder } from "../lib/embeddings/load.ts";
import { createVectorStore } from "../lib/vectorstore/mod.ts";
// The modules this run may not need (S3, the crawler, collections, the HTML cleaner, the
// embedders' SDKs) are loaded when it does: a dump or a folder of Markdown holds ~50 MB
// less in memory for the whole run.
import { type IndexChunkOptions, indexDocuments, type IndexReport } from "../lib/ingest/index.ts";
import { listSourceFiles, readSourceTree, sourceKindOf } from "../lib/ingest/sources.ts";
import type { SourceEntry } from "../lib/ingest/source_document.ts";
import { isHttpUrl, parseCrawlFlags } from "../lib/sources/crawl/url_flags.ts";
import { type PagePool, workerPagePool } from "../lib/sources/page_pool.ts";
import { wikitextToMarkdown } from "../lib/sources/wikitext.ts";
import { progressLine, scanLine } from "./ingest_progress.ts";
import type { DumpReading } from "../lib/sources/dump_file.ts";
import { keepLargeAllocationsMapped, releaseMemoryPeriodically } from "./release_memory.ts";

const USAGE =
  "usage: deno task ingest PATH|s3://bucket/prefix [--json] [--prune] [--namespaces 0,112] [--collection NAME]\n" +
  "       deno task ingest https://site/ [--max-pages N] [--depth N] [--concurrency N] [--delay-ms N]";

/**
 * Postings the store's lexical index holds in memory before the ingest merges them into
 * its file: 1,200,000 (~20 MB while they wait) rather than the store's 1,500,000. Each
 * merge rewrites the whole file, so fewer merges save the writer time: a 20,000-page
 * dump takes about half the 31 merges of 600,000, 3–5% faster for 12 MB more peak RSS
 * (267 against 255 MB, back to back).
 */
const INGEST_DELTA_POSTINGS = 1_200_000;

/** Documents written per store transaction (`IndexOptions.writeBatch`). */
const INGEST_WRITE_BATCH = 64;

/** The run's chunk settings, for the indexer and the page workers alike. */
function chunkSettings(config: Config): IndexChunkOptions {
  return { size: config.CHUNK_SIZE, overlap: config.CHUNK_OVERLAP, unit: config.CHUNK_UNIT };
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
      collection: { type: "string" },
      namespaces: { type: "string" },
    },
  });
  let crawlFlags;
  try {
    crawlFlags = parseCrawlFlags(values);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const namespaces = values.namespaces?.split(",").map((n) => Number(n.trim()));
  if (positionals.length !== 1 || namespaces?.some((n) => !Number.isInteger(n))) {
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
  const s3Module = target.startsWith("s3://") ? await import("../lib/ingest/s3.ts") : null;
  const location = s3Module?.parseS3Url(target) ?? null;
  const embedder = await loadEmbedder(config);
  // --collection NAME: that collection's store (created when new); its pages archived.
  const into = values.collection
    ? (await import("../lib/collections/cli.ts"))
      .openCollectionTarget(config, values.collection, embedder.dimensions)
    : null;
  if (into && "problem" in into) {
    console.error(`--collection: ${into.problem}`);
    return 2;
  }
  const store = into?.store ?? createVectorStore(config, {
    dimensions: embedder.dimensions,
    maxDeltaPostings: INGEST_DELTA_POSTINGS,
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted"));
  Deno.addSignalListener("SIGINT", onSignal);
  const started = performance.now();
  try {
    let entries: AsyncIterable<SourceEntry>;
    let total: number | null = null;
    let s3 = null;
    let site = null;
    let pool: PagePool | null = null;
    // How far a dump's passes have read: the progress line's share and ETA.
    const reading: DumpReading = { pass: null, read: 0, total: null };
    let dumps = false;
    if (isHttpUrl(target)) {
      const { openUrlSource } = await import("../lib/sources/crawl/url_source.ts");
      site = await openUrlSource(target, {
        ...crawlFlags,
        dataDir: config.DATA_DIR,
        signal: controller.signal,
        extra: {
          // Wiki pages come as wikitext in batches and convert as a dump's pages do.
          wikitextToMarkdown: (text, page) =>
            wikitextToMarkdown(text, { title: page.title }).markdown,
          ...(namespaces ? { namespaces } : {}),
        },
      });
      entries = site.entries;
    } else if (s3Module && location) {
      s3 = s3Module.createS3Client(config);
      const { readS3Tree } = await import("../lib/ingest/s3_source.ts");
      entries = readS3Tree(s3, location, { signal: controller.signal });
    } else {
      const files = await listSourceFiles(target);
      dumps = files.some((f) => sourceKindOf(f) === "mediawiki");
      // A dump holds an unknown number of pages: no total, so no bar and no ETA. Its
      // pages are converted on every core while this thread parses and writes.
      total = dumps ? null : files.length;
      // The workers convert; this thread parses and writes (`help: true` would have it
      // convert too while it waits: slower and larger on the sources bench).
      // The workers also chunk each page and make its chunks' word digests and index
      // terms in one analyzer pass (`prepare`), so this thread only writes them: on the
      // sources bench its CPU per page fell from ~5.5 to ~3 ms.
      pool = dumps ? workerPagePool(undefined, { prepare: chunkSettings(config) }) : null;
      entries = readSourceTree(target, {
        files,
        dump: {
          ...(namespaces ? { namespaces } : {}),
          ...(pool ? { pool } : {}),
          // A packed dump decoded once: its XML waits beside the store for the second pass.
          spool: { directory: config.DATA_DIR },
          // This thread has nothing to serve while a read waits: blocking reads (of the
          // file and the spool) cost it less (the redirect scan of a 507 MB dump: 0.9 s
          // rather than 1.6–2.6 s).
          blockingReads: true,
          reading,
        },
      });
    }
    if (into) entries = into.archive(entries);
    const tty = Deno.stderr.isTerminal() && !values.json;
    const encoder = new TextEncoder();
    const writeStderr = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
    let report: IndexReport;
    // Before a dump's first page, the redirect scan's progress.
    const scanning = tty && dumps ? setInterval(scanLine(reading, writeStderr), 250) : null;
    try {
      report = await indexDocuments(entries, {
        store,
        embedder,
        chunkOptions: chunkSettings(config),
        batchSize: config.EMBEDDINGS_BATCH_SIZE,
        prune: values.prune ?? false,
        // Many documents per store transaction: a commit per 64 pages rather than three
        // per page (on the sources bench, 20,000 pages: the writing thread's CPU 65 → 57 s,
        // peak RSS 280 → 264 MB).
        writeBatch: INGEST_WRITE_BATCH,
        signal: controller.signal,
        onProgress: tty ? progressLine(total, writeStderr, undefined, reading) : undefined,
      });
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      console.error(
        site
          ? "\ninterrupted: run the same command again to resume the crawl"
          : "\ninterrupted: what was written stays; run the same command again to finish " +
            "(pages already written are left as they are)",
      );
      return 130;
    } finally {
      if (scanning !== null) clearInterval(scanning);
      if (tty) writeStderr("\r\x1b[2K");
      s3?.destroy();
      site?.close();
      pool?.close();
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
    into?.close();
  }
}

if (import.meta.main) {
  // Freed malloc memory back to the system every 2 s: on the sources bench peak RSS
  // 238 vs 256 MB at 10,000 pages, the same CPU. Large blocks kept out of the arenas.
  keepLargeAllocationsMapped();
  releaseMemoryPeriodically();
  Deno.exit(await main());
}
