/**
 * The lazy twin of `createVectorStore`: imports only the configured store's module, so a
 * Lambda using Upstash never loads the sqlite code (nor `node:sqlite`) and one using
 * sqlite never loads the Upstash client. The Lambda bundles split each store into its
 * own chunk on this seam.
 *
 * @module
 */
import { sqliteStoreOptions, upstashStoreOptions } from "./options.ts";
import type { VectorStoreConfig, VectorStoreDeps } from "./options.ts";
import { type VectorStore, VectorStoreError } from "./store.ts";

/**
 * Builds the store `config.VECTOR_STORE` names, loading its module on demand.
 *
 * @throws {VectorStoreError} `invalid` for an unknown store or missing Upstash settings.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { loadVectorStore } from "./load.ts";
 * const dir = await Deno.makeTempDir();
 * const store = await loadVectorStore(parseConfig({ DATA_DIR: dir }));
 * console.assert(store.kind === "sqlite");
 * await store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadVectorStore(
  config: VectorStoreConfig,
  deps: VectorStoreDeps = {},
): Promise<VectorStore> {
  switch (config.VECTOR_STORE) {
    case "sqlite":
      return (await import("./sqlite.ts")).openSqliteStore(sqliteStoreOptions(config, deps));
    case "upstash": {
      const options = upstashStoreOptions(config, deps);
      return (await import("./upstash.ts")).createUpstashStore(options);
    }
    default:
      throw new VectorStoreError(`unknown VECTOR_STORE ${config.VECTOR_STORE}`, "invalid");
  }
}
