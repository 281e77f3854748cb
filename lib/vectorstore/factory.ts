/**
 * Picks and builds the configured {@linkcode VectorStore}: the embedded sqlite store
 * (the default, under `DATA_DIR`) or Upstash Vector. `load.ts` is the lazy twin that
 * imports only the chosen store.
 *
 * @module
 */
import { openSqliteStore } from "./sqlite.ts";
import {
  sqliteStoreOptions,
  upstashStoreOptions,
  type VectorStoreConfig,
  type VectorStoreDeps,
} from "./options.ts";
import { type VectorStore, VectorStoreError } from "./store.ts";
import { createUpstashStore } from "./upstash.ts";

export { SQLITE_FILE, type VectorStoreConfig, type VectorStoreDeps } from "./options.ts";

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
  config: VectorStoreConfig,
  deps: VectorStoreDeps = {},
): VectorStore {
  switch (config.VECTOR_STORE) {
    case "sqlite":
      return openSqliteStore(sqliteStoreOptions(config, deps));
    case "upstash":
      return createUpstashStore(upstashStoreOptions(config, deps));
    default:
      throw new VectorStoreError(`unknown VECTOR_STORE ${config.VECTOR_STORE}`, "invalid");
  }
}
