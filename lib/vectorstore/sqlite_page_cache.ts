/**
 * SQLite's page cache sized to the store: a query reads its ~40 candidate rows back by
 * key, and each lookup walks the chunk table's B-tree from the root. With the default
 * cache (2,000 KiB) the interior pages of a large table (about 1/500 of the file: 3 MB
 * at a million chunks) do not stay cached between queries, so every lookup reads two or
 * three pages from the operating system instead of one. From a few hundred MB on, the
 * cache is therefore given a share of the file; small stores keep the default, so their
 * memory does not grow.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/** SQLite's default page cache, in KiB, kept for small stores. */
export const DEFAULT_PAGE_CACHE_KIB = 2_000;
/** A large store's cache holds this share of its file (interior pages, and room). */
export const PAGE_CACHE_SHARE = 1 / 128;
/** The most a store's cache is given, in KiB. */
export const MAX_PAGE_CACHE_KIB = 65_536;

/** The page cache, in KiB, for a database file of `fileBytes`. */
export function pageCacheKib(fileBytes: number): number {
  const share = Math.ceil((fileBytes * PAGE_CACHE_SHARE) / 1024);
  return Math.min(MAX_PAGE_CACHE_KIB, Math.max(DEFAULT_PAGE_CACHE_KIB, share));
}

/**
 * Sets the connection's page cache for the size its database has now (see
 * {@linkcode pageCacheKib}); returns the KiB set.
 *
 * @example
 * ```ts
 * import { DatabaseSync } from "node:sqlite";
 * import { fitPageCache } from "./sqlite_page_cache.ts";
 * const db = new DatabaseSync(":memory:");
 * console.assert(fitPageCache(db) === 2_000);
 * db.close();
 * ```
 */
export function fitPageCache(db: DatabaseSync): number {
  const pages = Number(
    (db.prepare("PRAGMA page_count").get() as { page_count: number })
      .page_count,
  );
  const size = Number((db.prepare("PRAGMA page_size").get() as { page_size: number }).page_size);
  const kib = pageCacheKib(pages * size);
  // A negative cache_size is a size in KiB rather than a count of pages.
  db.exec(`PRAGMA cache_size = -${kib}`);
  return kib;
}
