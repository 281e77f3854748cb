/**
 * What the Upstash store writes and reads: vector payloads per mode, chunk metadata,
 * document records stored as metadata, and the SQL-like metadata filter for
 * `documentIds`.
 *
 * @module
 */
import { FusionAlgorithm, type Vector, WeightingStrategy } from "@upstash/vector";
import { documentSparseVector, querySparseVector, type SparseVector } from "./sparse_vector.ts";
import {
  type ChunkMetadata,
  type DocumentRecord,
  type QueryOptions,
  type StoredChunk,
  VectorStoreError,
} from "./store.ts";

/** How chunks are embedded: our vectors, our vectors plus our BM25 sparse vectors, or
 * Upstash's hosted embedding model reading the `data` text. */
export type UpstashMode = "dense" | "hybrid" | "hosted";

/** Id of the bookkeeping vector holding `lastIndexedAt`, beside the document records. */
export const META_ID = "__lorechat_meta__";

/** An upsert payload accepted by the SDK in every mode (vector and/or data). */
export type UpsertPayload = Vector<Record<string, unknown>>;

/** The sparse vector used for bookkeeping vectors (they must carry one in hybrid mode). */
const PLACEHOLDER_SPARSE: SparseVector = { indices: [0], values: [1] };

/** The payload storing one chunk: `data` holds its text, metadata its provenance. */
export function chunkPayload(chunk: StoredChunk, mode: UpstashMode): UpsertPayload {
  const metadata: Record<string, unknown> = { ...chunk.metadata };
  if (mode === "hosted") return { id: chunk.id, data: chunk.text, metadata };
  if (mode === "dense" && !chunk.vector) {
    throw new VectorStoreError(
      `chunk ${chunk.id} has no vector: a dense Upstash index needs an embedder ` +
        "(EMBEDDINGS_PROVIDER), or use UPSTASH_VECTOR_MODE=hosted",
      "invalid",
    );
  }
  const payload: UpsertPayload = { id: chunk.id, data: chunk.text, metadata };
  if (chunk.vector) payload.vector = chunk.vector;
  if (mode === "hybrid") {
    const { title, heading } = chunk.metadata;
    const sparse = documentSparseVector(
      `${title}\n${heading}\n${chunk.text}`,
      chunk.metadata.lang,
    );
    payload.sparseVector = sparse.indices.length > 0 ? sparse : PLACEHOLDER_SPARSE;
  }
  return payload;
}

/**
 * The payload of a bookkeeping vector (a document record or the meta record). Its
 * vector is a fixed unit vector: only its id and metadata matter.
 */
export function bookkeepingPayload(
  id: string,
  metadata: Record<string, unknown>,
  mode: UpstashMode,
  dimensions: number,
): UpsertPayload {
  if (mode === "hosted") return { id, data: `lorechat bookkeeping ${id}`, metadata };
  const vector = new Array<number>(dimensions).fill(0);
  vector[0] = 1;
  const payload: UpsertPayload = { id, vector, metadata };
  if (mode === "hybrid") payload.sparseVector = PLACEHOLDER_SPARSE;
  return payload;
}

/** A document record as vector metadata. */
export function recordMetadata(record: DocumentRecord): Record<string, unknown> {
  return { kind: "document", ...record };
}

/** The document record held in vector metadata, or null when it is not one. */
export function recordFromMetadata(metadata: unknown): DocumentRecord | null {
  const m = metadata as Record<string, unknown> | undefined;
  if (!m || m.kind !== "document" || typeof m.documentId !== "string") return null;
  const record: DocumentRecord = {
    documentId: m.documentId,
    contentHash: String(m.contentHash ?? ""),
    title: String(m.title ?? ""),
    url: String(m.url ?? ""),
    chunkIds: Array.isArray(m.chunkIds) ? m.chunkIds.map(String) : [],
    indexedAt: String(m.indexedAt ?? ""),
  };
  if (typeof m.version === "string") record.version = m.version;
  return record;
}

/** Chunk metadata read back from a query result, tolerating missing fields. */
export function chunkMetadata(metadata: unknown): ChunkMetadata {
  const m = (metadata ?? {}) as Record<string, unknown>;
  const result: ChunkMetadata = {
    documentId: String(m.documentId ?? ""),
    title: String(m.title ?? ""),
    url: String(m.url ?? ""),
    heading: String(m.heading ?? ""),
    position: Number(m.position ?? 0),
    contentHash: String(m.contentHash ?? ""),
  };
  if (typeof m.indexedAt === "string") result.indexedAt = m.indexedAt;
  if (typeof m.lang === "string") result.lang = m.lang;
  return result;
}

/** A filter string literal, or null when the value holds both kinds of quote (the
 * filter syntax has no escape for that). */
function literal(value: string): string | null {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return null;
}

/**
 * The metadata filter `documentId IN ('a', 'b')`, or null when some id cannot be
 * written as a literal (the caller then filters results itself).
 */
export function documentFilter(documentIds: readonly string[]): string | null {
  const literals = documentIds.map(literal);
  if (literals.some((l) => l === null)) return null;
  return literals.length === 1
    ? `documentId = ${literals[0]}`
    : `documentId IN (${literals.join(", ")})`;
}

/**
 * The mode-specific part of a query (what to search by, and how to fuse), or null when
 * there is nothing to search by.
 */
export function queryPayload(
  options: QueryOptions,
  mode: UpstashMode,
  topK: number,
): Record<string, unknown> | null {
  const { text, vector } = options;
  if (mode === "hosted") {
    if (text && text.trim()) return { topK, data: text };
    return vector ? { topK, vector } : null;
  }
  if (mode === "dense") {
    if (vector) return { topK, vector };
    if (!text) return null;
    throw new VectorStoreError(
      "a dense Upstash index needs a query vector: configure an embedder or use hybrid/hosted",
      "invalid",
    );
  }
  const sparse = text ? querySparseVector(text) : null;
  const sparseVector = sparse && sparse.indices.length > 0 ? sparse : undefined;
  if (!vector && !sparseVector) return null;
  return {
    topK,
    ...(vector ? { vector } : {}),
    ...(sparseVector ? { sparseVector, weightingStrategy: WeightingStrategy.IDF } : {}),
    ...(vector && sparseVector ? { fusionAlgorithm: FusionAlgorithm.RRF } : {}),
  };
}
