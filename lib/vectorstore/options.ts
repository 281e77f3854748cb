/**
 * Config → constructor options for each store, shared by the eager factory
 * (`factory.ts`) and the lazy loader (`load.ts`) so the mapping is written once. Only
 * types are imported here: this file never pulls a store's code into a bundle.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { SqliteStoreOptions } from "./sqlite.ts";
import type { TermAnalyzer } from "./term_analyzer.ts";
import { VectorStoreError } from "./store.ts";
import type { UpstashStoreOptions } from "./upstash.ts";

/** The config fields the store factories read (a full {@linkcode Config} will do). */
export type VectorStoreConfig =
  & Pick<
    Config,
    | "VECTOR_STORE"
    | "DATA_DIR"
    | "EMBEDDINGS_PROVIDER"
    | "EMBEDDINGS_DIMENSIONS"
    | "UPSTASH_VECTOR_REST_URL"
    | "UPSTASH_VECTOR_REST_TOKEN"
    | "UPSTASH_VECTOR_NAMESPACE"
    | "UPSTASH_VECTOR_MODE"
    | "READY_TIMEOUT_MS"
  >
  & Partial<Pick<Config, "UPSTASH_VECTOR_TIMEOUT_MS">>;

/** What the factories need besides config; all optional. */
export interface VectorStoreDeps {
  /** Fetch for Upstash requests (tests pass one; defaults to the global fetch). */
  fetch?: typeof fetch;
  /**
   * Dimension of the embedder's vectors, or null for lexical only. Defaults to
   * `EMBEDDINGS_DIMENSIONS` when `EMBEDDINGS_PROVIDER` is not `none`.
   */
  dimensions?: number | null;
  /** Open the sqlite store read-only (serving workers; one writer elsewhere). */
  readOnly?: boolean;
  /**
   * Term function of the sqlite store's lexical index (chunks and questions alike);
   * defaults to `DEFAULT_ANALYZER` (lib/text). A different `version` rebuilds the index.
   */
  analyzer?: TermAnalyzer;
  /** The sqlite writer's delta cap (`SqliteStoreOptions.maxDeltaPostings`); default kept. */
  maxDeltaPostings?: number;
}

/** File name of the sqlite store inside `DATA_DIR`. */
export const SQLITE_FILE = "lorechat.sqlite";

function dimensionsOf(config: VectorStoreConfig, deps: VectorStoreDeps): number | null {
  if (deps.dimensions !== undefined) return deps.dimensions;
  return config.EMBEDDINGS_PROVIDER === "none" ? null : config.EMBEDDINGS_DIMENSIONS;
}

/** Options for `openSqliteStore` from config: the file `SQLITE_FILE` inside `DATA_DIR`. */
export function sqliteStoreOptions(
  config: VectorStoreConfig,
  deps: VectorStoreDeps = {},
): SqliteStoreOptions {
  return {
    path: `${config.DATA_DIR.replace(/\/+$/, "")}/${SQLITE_FILE}`,
    dimensions: dimensionsOf(config, deps),
    readOnly: deps.readOnly,
    analyzer: deps.analyzer,
    ...(deps.maxDeltaPostings ? { maxDeltaPostings: deps.maxDeltaPostings } : {}),
  };
}

/**
 * Options for `createUpstashStore` from config.
 *
 * @throws {VectorStoreError} `invalid` when the URL or token is missing.
 */
export function upstashStoreOptions(
  config: VectorStoreConfig,
  deps: VectorStoreDeps = {},
): UpstashStoreOptions {
  const url = config.UPSTASH_VECTOR_REST_URL;
  const token = config.UPSTASH_VECTOR_REST_TOKEN;
  if (!url || !token) {
    throw new VectorStoreError(
      "VECTOR_STORE=upstash needs UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN",
      "invalid",
    );
  }
  return {
    url,
    token,
    namespace: config.UPSTASH_VECTOR_NAMESPACE,
    mode: config.UPSTASH_VECTOR_MODE,
    dimensions: config.UPSTASH_VECTOR_MODE === "hosted" ? null : dimensionsOf(config, deps),
    fetch: deps.fetch,
    pingTimeoutMs: config.READY_TIMEOUT_MS,
    timeoutMs: config.UPSTASH_VECTOR_TIMEOUT_MS,
  };
}
