/**
 * Where a collection's chunks live: the default collection uses the configured store
 * as it always has; another collection gets its own sqlite file under
 * `DATA_DIR/collections/<name>/`, or its own Upstash Vector namespace.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { createVectorStore, type VectorStore } from "../vectorstore/mod.ts";
import { DEFAULT_COLLECTION } from "./names.ts";

/** The folder of a (non-default) collection: its store file and its uploads. */
export function collectionDir(dataDir: string, name: string): string {
  return `${dataDir.replace(/\/+$/, "")}/collections/${name}`;
}

/** The Upstash namespace of a collection. */
export function namespaceFor(base: string, name: string): string {
  if (name === DEFAULT_COLLECTION) return base;
  return base ? `${base}-${name}` : name;
}

/** The store config of collection `name`: the same store kind, its own place. */
export function storeConfigFor(config: Config, name: string): Config {
  if (name === DEFAULT_COLLECTION) return config;
  return {
    ...config,
    DATA_DIR: collectionDir(config.DATA_DIR, name),
    UPSTASH_VECTOR_NAMESPACE: namespaceFor(config.UPSTASH_VECTOR_NAMESPACE, name),
  };
}

/** Opens the store of collection `name`. */
export function openCollectionStore(
  config: Config,
  name: string,
  deps: { fetch?: typeof fetch; dimensions?: number | null } = {},
): VectorStore {
  return createVectorStore(storeConfigFor(config, name), deps);
}
