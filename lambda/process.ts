/**
 * The `process` Lambda: an S3 object created under `raw/` (delivered through SQS or
 * directly) → read it → clean it to Markdown → write `processed/<same relative key>.md`
 * with the page's metadata both in front matter and as S3 object metadata. An unchanged
 * page is not rewritten (which would re-trigger the vectorize function for nothing).
 *
 * A file holding many documents (a JSONL crawl, a wiki dump, a book) is split into one
 * object per document under `processed/<file id>/`, so the embedding work that follows
 * runs as many small vectorize jobs rather than one huge one. A wiki dump is streamed
 * from S3 (`documentsFromDumpStream`: one GET, the page pass reading what the redirect
 * pass kept in `/tmp`) rather than read whole, so its size is bounded by the function's
 * disk and time, not its memory.
 *
 * The readers (HTML cleaner and the rest) are imported on the first record, so the
 * bundle's cold start pays only for config, logging and the S3 client.
 *
 * @module
 */
import process from "node:process";
import { tmpdir } from "node:os";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../lib/config/mod.ts";
// Not through lib/ingest/mod.ts, which would load every reader at cold start.
import { formatFrontMatter } from "../lib/ingest/front_matter.ts";
import { documentIdFromPath, sourceKindOf } from "../lib/ingest/markdown_source.ts";
import {
  isSourceFailure,
  sha256Hex,
  type SourceDocument,
  type SourceEntry,
} from "../lib/ingest/source_document.ts";
import { createS3Client, getObject, headObjectMetadata, objectStream } from "../lib/ingest/s3.ts";
import { type BatchResponse, type InvocationSummary, RecordError, runRecords } from "./records.ts";
import { lambdaEntry } from "./entry.ts";
import {
  type RecordLogger,
  recordLogger,
  type RecordMetrics,
  recordMetrics,
  SILENT_LOGGER,
} from "./telemetry.ts";

/** What the process handler needs. */
export interface ProcessDeps {
  s3: S3Client;
  config: Pick<Config, "INGEST_RAW_PREFIX" | "INGEST_PROCESSED_PREFIX">;
  logger?: RecordLogger;
  metrics?: RecordMetrics;
  /** Processed objects written at the same time for a multi-document file. Default 8. */
  writeConcurrency?: number;
  /** Turns a file's bytes into documents; `documentsFromFile`, loaded on first use. */
  readDocuments?: DocumentReader;
}

/** The shape of `documentsFromFile`: one file's bytes → its documents (or failures). */
export type DocumentReader = (
  id: string,
  bytes: Uint8Array,
  options: { source: string; contentTypeHeader?: string },
) => AsyncIterable<SourceEntry>;

/** An S3 key segment for a document inside a file: readable id, plus a short hash. */
async function entryKey(id: string): Promise<string> {
  const readable = id.replace(/^[a-z]+:\/\//i, "").replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^_+|_+$/g, "").slice(0, 120);
  return `${readable}-${(await sha256Hex(id)).slice(0, 10)}`;
}

/** S3 user metadata is ASCII: text values are percent-encoded (and kept short). */
function objectMetadata(doc: SourceDocument, sourceKey: string): Record<string, string> {
  return {
    title: encodeURIComponent(doc.title.slice(0, 200)),
    url: encodeURIComponent(doc.url.slice(0, 600)),
    "source-key": encodeURIComponent(sourceKey.slice(0, 600)),
    "content-hash": doc.contentHash,
  };
}

function sameMetadata(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(b).every(([k, v]) => a[k] === v);
}

/** Writes one cleaned document unless the same content is already there. */
async function writeProcessed(
  s3: S3Client,
  bucket: string,
  key: string,
  doc: SourceDocument,
  sourceKey: string,
): Promise<"written" | "unchanged"> {
  const metadata = objectMetadata(doc, sourceKey);
  const existing = await headObjectMetadata(s3, bucket, key);
  if (existing && sameMetadata(existing, metadata)) return "unchanged";
  const body = formatFrontMatter({
    title: doc.title,
    url: doc.url,
    description: doc.description,
    documentId: doc.id,
    source: sourceKey,
    contentHash: doc.contentHash,
    contentType: doc.contentType,
    lang: doc.lang,
  }) + "\n" + doc.markdown.trim() + "\n";
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: "text/markdown; charset=utf-8",
      Metadata: metadata,
    }),
  );
  return "written";
}

/** The documents of a raw object: a dump streamed from S3, anything else read whole. */
async function readObject(
  deps: ProcessDeps,
  bucket: string,
  key: string,
  id: string,
): Promise<AsyncIterable<SourceEntry>> {
  if (sourceKindOf(key) === "mediawiki") {
    const { documentsFromDumpStream } = await import("../lib/sources/dump_file.ts");
    return documentsFromDumpStream(key, () => objectStream(deps.s3, bucket, key), {
      source: key,
      // One GET: the page pass reads what the redirect pass kept in the function's /tmp
      // (its ephemeral storage; a dump larger than half of it is fetched again).
      spool: { directory: tmpdir() },
    });
  }
  const documentsFromFile = deps.readDocuments ??
    (await import("../lib/ingest/sources.ts")).documentsFromFile;
  const object = await getObject(deps.s3, bucket, key);
  return documentsFromFile(id, object.bytes, {
    source: key,
    contentTypeHeader: object.contentType,
  });
}

/** Cleans one raw object and writes its document(s); throws when any document failed. */
async function processObject(deps: ProcessDeps, bucket: string, key: string) {
  const { INGEST_RAW_PREFIX: rawPrefix, INGEST_PROCESSED_PREFIX: outPrefix } = deps.config;
  const id = documentIdFromPath(key.slice(rawPrefix.length));
  const outputs: string[] = [];
  const problems: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let written = 0;
  const write = async (outKey: string, doc: SourceDocument) => {
    if (await writeProcessed(deps.s3, bucket, outKey, doc, key) === "written") written++;
  };
  for await (const entry of await readObject(deps, bucket, key, id)) {
    if (isSourceFailure(entry)) {
      problems.push(entry.reason);
      continue;
    }
    // A document of its own file keeps the file's name; one of many gets a folder.
    const outKey = entry.id === id
      ? `${outPrefix}${id}.md`
      : `${outPrefix}${id}/${await entryKey(entry.id)}.md`;
    outputs.push(outKey);
    const task = write(outKey, entry).catch((error) => {
      problems.push(`${entry.id}: ${(error as Error).message}`);
    }).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= (deps.writeConcurrency ?? 8)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { outputs, problems, written };
}

/** Builds the handler around injected dependencies (tests pass loopback-backed clients). */
export function createProcessHandler(
  deps: ProcessDeps,
): (event: unknown) => Promise<InvocationSummary | BatchResponse> {
  const logger = deps.logger ?? SILENT_LOGGER;
  const { INGEST_RAW_PREFIX: rawPrefix, INGEST_PROCESSED_PREFIX: outPrefix } = deps.config;
  return (event) =>
    runRecords("process", event, async (record, key) => {
      // Only raw/ is read and only processed/ is written: a misrouted trigger cannot loop.
      if (!key.startsWith(rawPrefix) || key.startsWith(outPrefix)) {
        return { outcome: "skipped", reason: `not under ${rawPrefix}` };
      }
      if (!sourceKindOf(key)) {
        return { outcome: "skipped", reason: "unsupported file type" };
      }
      const { outputs, problems, written } = await processObject(deps, record.s3.bucket.name, key);
      const counts = {
        PagesCleaned: outputs.length,
        PagesWritten: written,
        PagesFailed: problems.length,
      };
      if (problems.length > 0) {
        throw new RecordError(problems.join("; "), counts);
      }
      const detail = outputs.length === 1
        ? { outputs: 1, written, output: outputs[0] }
        : { outputs: outputs.length, written };
      return { outcome: written > 0 ? "written" : "unchanged", detail, counts };
    }, { logger, metrics: deps.metrics });
}

/** The Lambda entry point: dependencies are built from `process.env` on the first call. */
export const handler: (event: unknown, context?: unknown) => Promise<unknown> = lambdaEntry(
  "lorechat-process",
  process.env,
  (config, telemetry) =>
    createProcessHandler({
      s3: createS3Client(config),
      config,
      logger: recordLogger(telemetry.logger),
      metrics: recordMetrics(telemetry.metrics),
    }),
);
