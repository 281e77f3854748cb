/**
 * Picks and builds the configured {@linkcode VectorStore}: the embedded sqlite store
 * (the default, under `DATA_DIR`) or Upstash Vector.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { openSqliteStore } from "./sqlite.ts";
import { type VectorStore, VectorStoreError } from "./store.ts";
import { createUpstashStore } from "./upstash.ts";

/** What the factory needs besides config; all optional. */
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
}

/** File name of the sqlite store inside `DATA_DIR`. */
export const SQLITE_FILE = "lorechat.sqlite";

/**
 * Builds the store `config.VECTOR_STORE` names. Nothing is sent to Upstash until first
 * use; the sqlite file (and `DATA_DIR`) is created at once.
 *
 * @throws {VectorStoreError} `invalid` when Upstash is chosen without URL or token,
 * or the sqlite file holds vectors of another dimension.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { createVectorStore } from "./factory.ts";
 * const dir = await Deno.makeTempDir();
 * const store = createVectorStore(parseConfig({ DATA_DIR: dir }));
 * console.assert(store.kind === "sqlite");
 * await store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function createVectorStore(
  config:
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
    & Partial<Pick<Config, "UPSTASH_VECTOR_TIMEOUT_MS">>,
  deps: VectorStoreDeps = {},
): VectorStore {
  const dimensions = deps.dimensions !== undefined
    ? deps.dimensions
    : config.EMBEDDINGS_PROVIDER === "none"
    ? null
    : config.EMBEDDINGS_DIMENSIONS;
  switch (config.VECTOR_STORE) {
    case "sqlite":
      return openSqliteStore({
        path: `${config.DATA_DIR.replace(/\/+$/, "")}/${SQLITE_FILE}`,
        dimensions,
        readOnly: deps.readOnly,
      });
    case "upstash": {
      const url = config.UPSTASH_VECTOR_REST_URL;
      const token = config.UPSTASH_VECTOR_REST_TOKEN;
      if (!url || !token) {
        throw new VectorStoreError(
          "VECTOR_STORE=upstash needs UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN",
          "invalid",
        );
      }
      return createUpstashStore({
        url,
        token,
        namespace: config.UPSTASH_VECTOR_NAMESPACE,
        mode: config.UPSTASH_VECTOR_MODE,
        dimensions: config.UPSTASH_VECTOR_MODE === "hosted" ? null : dimensions,
        fetch: deps.fetch,
        pingTimeoutMs: config.READY_TIMEOUT_MS,
        timeoutMs: config.UPSTASH_VECTOR_TIMEOUT_MS,
      });
    }
    default:
      throw new VectorStoreError(`unknown VECTOR_STORE ${config.VECTOR_STORE}`, "invalid");
  }
}
