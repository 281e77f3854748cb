/**
 * The `process` Lambda: S3 ObjectCreated under `raw/` → read the page → clean it to
 * Markdown → write `processed/<same relative key>.md` with the page's metadata both in
 * front matter and as S3 object metadata. One output object per page, so concurrent
 * invocations never contend for a shared file, and an unchanged page is not rewritten
 * (which would re-trigger the vectorize function for nothing).
 *
 * JSONL crawler files (`{"url", "content"}` per line) become one object per page under
 * `processed/<file name>/`.
 *
 * @module
 */
import process from "node:process";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../lib/config/mod.ts";
import { getLogger, type Logger } from "../lib/log/mod.ts";
import {
  documentIdFromPath,
  documentsFromFile,
  extensionOf,
  formatFrontMatter,
  isSourceFailure,
  sha256Hex,
  SOURCE_EXTENSIONS,
  type SourceDocument,
} from "../lib/ingest/mod.ts";
import { createS3Client, getObject, headObjectMetadata } from "../lib/ingest/s3.ts";
import { type InvocationSummary, type RecordResult, runRecords } from "./records.ts";
import { loadLambdaConfig, once } from "./runtime.ts";

/** What the process handler needs. */
export interface ProcessDeps {
  s3: S3Client;
  config: Pick<Config, "INGEST_RAW_PREFIX" | "INGEST_PROCESSED_PREFIX">;
  logger?: Logger;
}

/** An S3 key segment from a page URL: readable host and path, plus a short hash. */
async function urlKey(url: string): Promise<string> {
  const readable = url.replace(/^[a-z]+:\/\//i, "").replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^_+|_+$/g, "").slice(0, 120);
  return `${readable}-${(await sha256Hex(url)).slice(0, 10)}`;
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
  deps: ProcessDeps,
  bucket: string,
  key: string,
  doc: SourceDocument,
  sourceKey: string,
): Promise<"written" | "unchanged"> {
  const metadata = objectMetadata(doc, sourceKey);
  const existing = await headObjectMetadata(deps.s3, bucket, key);
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
  await deps.s3.send(
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

/** Builds the handler around injected dependencies (tests pass loopback-backed clients). */
export function createProcessHandler(
  deps: ProcessDeps,
): (event: unknown) => Promise<InvocationSummary> {
  const logger = deps.logger ?? getLogger(["lorechat", "lambda", "process"]);
  const { INGEST_RAW_PREFIX: rawPrefix, INGEST_PROCESSED_PREFIX: outPrefix } = deps.config;
  return (event) =>
    runRecords("process", event, async (record, key) => {
      const bucket = record.s3.bucket.name;
      // Only raw/ is read and only processed/ is written: a misrouted trigger cannot loop.
      if (!key.startsWith(rawPrefix) || key.startsWith(outPrefix)) {
        return { outcome: "skipped", reason: `not under ${rawPrefix}` };
      }
      if (!SOURCE_EXTENSIONS[extensionOf(key)]) {
        return { outcome: "skipped", reason: "unsupported file type" };
      }
      const object = await getObject(deps.s3, bucket, key);
      const id = documentIdFromPath(key.slice(rawPrefix.length));
      const jsonl = extensionOf(key) === ".jsonl";
      const outputs: string[] = [];
      const problems: string[] = [];
      let written = 0;
      for await (
        const entry of documentsFromFile(id, object.bytes, {
          source: key,
          contentTypeHeader: object.contentType,
        })
      ) {
        if (isSourceFailure(entry)) {
          problems.push(entry.reason);
          continue;
        }
        const outKey = jsonl
          ? `${outPrefix}${id}/${await urlKey(entry.id)}.md`
          : `${outPrefix}${id}.md`;
        if (await writeProcessed(deps, bucket, outKey, entry, key) === "written") written++;
        outputs.push(outKey);
      }
      const detail = { outputs: outputs.length, written };
      if (problems.length > 0) throw new Error(problems.join("; "));
      const outcome: RecordResult["outcome"] = written > 0 ? "written" : "unchanged";
      return { outcome, detail: outputs.length === 1 ? { ...detail, output: outputs[0] } : detail };
    }, logger);
}

const start = once(async () => {
  const config = await loadLambdaConfig(process.env);
  return createProcessHandler({ s3: createS3Client(config), config });
});

/** The Lambda entry point: dependencies are built from `process.env` on the first call. */
export async function handler(event: unknown): Promise<InvocationSummary> {
  return (await start())(event);
}
