/**
 * `deno task ingest PATH --collection NAME`: the CLI's way into a collection — its
 * store, created in the registry when new, and its page archive for the reader.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { SourceEntry } from "../ingest/mod.ts";
import type { VectorStore } from "../vectorstore/mod.ts";
import { DEFAULT_COLLECTION, nameProblem } from "./names.ts";
import { archiveEntries, PageArchive } from "./pages.ts";
import { CollectionRegistry, openRegistryDatabase, REGISTRY_FILE } from "./registry.ts";
import { openCollectionStore } from "./store_for.ts";

/** An opened collection for one ingest run. */
export interface CollectionTarget {
  store: VectorStore;
  /** Wraps the run's entries so every document's page is archived. */
  archive(entries: AsyncIterable<SourceEntry>): AsyncIterable<SourceEntry>;
  close(): void;
}

/** Opens collection `name` for ingesting (creating it when new), or says why not. */
export function openCollectionTarget(
  config: Config,
  name: string,
  dimensions: number | null,
): CollectionTarget | { problem: string } {
  const problem = name === DEFAULT_COLLECTION ? null : nameProblem(name);
  if (problem) return { problem };
  const db = openRegistryDatabase(`${config.DATA_DIR.replace(/\/+$/, "")}/${REGISTRY_FILE}`);
  new CollectionRegistry(db).create(name, {});
  const pages = new PageArchive(db);
  return {
    store: openCollectionStore(config, name, { dimensions }),
    archive: (entries) => archiveEntries(entries, pages, name),
    close: () => db.close(),
  };
}
