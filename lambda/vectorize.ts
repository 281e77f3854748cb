/**
 * The `vectorize` Lambda: an S3 object created under `processed/` (delivered through SQS
 * or directly) → read the Markdown → chunk → embed → upsert into the configured vector
 * store, idempotently (an unchanged document writes nothing; a changed one replaces
 * exactly its own chunks). The event's S3 `sequencer` is the document's version, so a
 * late, older event cannot overwrite what a newer one stored.
 *
 * Only the configured store and embedder are loaded (`loadVectorStore`, `loadEmbedder`):
 * each lives in its own bundle chunk, imported on the first invocation; the indexer (with
 * the chunker and the text analyzer) is imported with the first record.
 *
 * @module
 */
import process from "node:process";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../lib/config/mod.ts";
import type { Embedder } from "../lib/embeddings/embedder.ts";
import type { VectorStore } from "../lib/vectorstore/store.ts";
// Not through lib/ingest/mod.ts: that would bundle the HTML cleaner, which this function
// never uses, into its cold start.
import {
  documentFromMarkdown,
  documentIdFromPath,
  extensionOf,
} from "../lib/ingest/markdown_source.ts";
import { parseFrontMatter } from "../lib/ingest/front_matter.ts";
import type { DocumentClaims } from "../lib/ingest/claims.ts";
import { createS3Client, getObject, isNotFound } from "../lib/ingest/s3.ts";
import { loadEmbedder } from "../lib/embeddings/load.ts";
import { loadVectorStore } from "../lib/vectorstore/load.ts";
import { sqliteStoreOptions } from "../lib/vectorstore/options.ts";
import { type BatchResponse, type InvocationSummary, runRecords } from "./records.ts";
import { lambdaEntry } from "./entry.ts";
import {
  type RecordLogger,
  recordLogger,
  type RecordMetrics,
  recordMetrics,
  SILENT_LOGGER,
} from "./telemetry.ts";

/** What the vectorize handler needs. */
export interface VectorizeDeps {
  s3: S3Client;
  store: VectorStore;
  embedder: Embedder;
  config: Pick<
    Config,
    | "INGEST_PROCESSED_PREFIX"
    | "CHUNK_SIZE"
    | "CHUNK_OVERLAP"
    | "CHUNK_UNIT"
    | "EMBEDDINGS_BATCH_SIZE"
  >;
  logger?: RecordLogger;
  metrics?: RecordMetrics;
  /** Leases so concurrent deliveries of one document write it once (see claims.ts). */
  claims?: DocumentClaims;
}

const MARKDOWN = new Set([".md", ".markdown"]);

/** Builds the handler around injected dependencies (tests pass loopback-backed clients). */
export function createVectorizeHandler(
  deps: VectorizeDeps,
): (event: unknown) => Promise<InvocationSummary | BatchResponse> {
  const logger = deps.logger ?? SILENT_LOGGER;
  const prefix = deps.config.INGEST_PROCESSED_PREFIX;
  return (event) =>
    runRecords("vectorize", event, async (record, key) => {
      if (!key.startsWith(prefix)) return { outcome: "skipped", reason: `not under ${prefix}` };
      if (!MARKDOWN.has(extensionOf(key))) return { outcome: "skipped", reason: "not Markdown" };
      let text: string;
      try {
        text = new TextDecoder().decode(
          (await getObject(deps.s3, record.s3.bucket.name, key)).bytes,
        );
      } catch (error) {
        // Deleted since the event was sent: there is nothing left to index.
        if (isNotFound(error)) return { outcome: "skipped", reason: "object no longer exists" };
        throw error;
      }
      const { data } = parseFrontMatter(text);
      const id = data.documentId || documentIdFromPath(key.slice(prefix.length));
      const parsed = await documentFromMarkdown(id, text, { source: key });
      // The process function records the cleaned page's hash: with it, the same page gives
      // the same fingerprint here and in `deno task ingest`, so either path sees it unchanged.
      const doc = /^[0-9a-f]{64}$/.test(data.contentHash ?? "")
        ? { ...parsed, contentHash: data.contentHash }
        : parsed;
      const version = record.s3.object.sequencer;
      // Chunking, indexing and the text analyzer load with the first record.
      const { indexDocuments } = await import("../lib/ingest/index.ts");
      const report = await indexDocuments([version ? { ...doc, version } : doc], {
        store: deps.store,
        embedder: deps.embedder,
        chunkOptions: {
          size: deps.config.CHUNK_SIZE,
          overlap: deps.config.CHUNK_OVERLAP,
          unit: deps.config.CHUNK_UNIT,
        },
        batchSize: deps.config.EMBEDDINGS_BATCH_SIZE,
        claims: deps.claims,
      });
      if (report.failed > 0) throw new Error(report.failures.map((f) => f.reason).join("; "));
      const detail = {
        documentId: id,
        chunksAdded: report.chunksAdded,
        chunksUpdated: report.chunksUpdated,
        chunksDeleted: report.chunksDeleted,
      };
      const counts = {
        ChunksEmbedded: deps.embedder.dimensions === null
          ? 0
          : report.chunksAdded + report.chunksUpdated,
        ChunksWritten: report.chunksAdded + report.chunksUpdated,
        DocumentsIndexed: report.indexed,
      };
      if (report.outdated > 0) return { outcome: "outdated", detail, counts };
      return { outcome: report.unchanged > 0 ? "unchanged" : "indexed", detail, counts };
    }, { logger, metrics: deps.metrics });
}

/**
 * Claims for the configured store: a table in the sqlite file, or Upstash Redis beside
 * the Upstash store (null when Redis is not configured). Loaded lazily like the stores.
 */
export async function loadDocumentClaims(
  config: Config,
): Promise<DocumentClaims | null> {
  if (config.VECTOR_STORE === "sqlite") {
    const { sqliteClaims } = await import("../lib/ingest/claims_sqlite.ts");
    return sqliteClaims(sqliteStoreOptions(config).path);
  }
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) {
    const { redisClaims } = await import("../lib/ingest/claims_redis.ts");
    return redisClaims({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
      prefix: `lorechat:claim:${config.UPSTASH_VECTOR_NAMESPACE ?? ""}:`,
    });
  }
  return null;
}

/** The Lambda entry point: dependencies are built from `process.env` on the first call. */
export const handler: (event: unknown, context?: unknown) => Promise<unknown> = lambdaEntry(
  "lorechat-vectorize",
  process.env,
  async (config, telemetry) => {
    const embedder = await loadEmbedder(config);
    const store = await loadVectorStore(config, { dimensions: embedder.dimensions });
    const claims = await loadDocumentClaims(config);
    if (!claims) {
      telemetry.logger.warn(
        "no document claims: concurrent deliveries of one document may race " +
          "(set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN with the Upstash store)",
      );
    }
    return createVectorizeHandler({
      claims: claims ?? undefined,
      s3: createS3Client(config),
      store,
      embedder,
      config,
      logger: recordLogger(telemetry.logger),
      metrics: recordMetrics(telemetry.metrics),
    });
  },
);
