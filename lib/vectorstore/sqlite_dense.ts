/**
 * The sqlite store's vector cache: an exact scan (`dense_index.ts`) for small stores, an
 * IVF index over int8 vectors (`ivf_index.ts`) from `annMinVectors` on, rebuilt from the
 * table when the data changed — for large caches at most once per refresh interval.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { DenseIndex, type DenseMatch, type DenseRow } from "./dense_index.ts";
import { IvfIndex, type IvfOptions } from "./ivf_index.ts";
import type { SqliteWrites } from "./sqlite_writes.ts";

/** What the store needs of a dense index: exact (`DenseIndex`) or approximate (`IvfIndex`). */
export interface DenseSearch {
  readonly size: number;
  readonly dimensions: number;
  search(query: ArrayLike<number>, k: number, documentIds?: readonly string[]): DenseMatch[];
}

/** Vector caches at least this large are reloaded at most once per `refreshMs`. */
const LARGE_DENSE_CACHE = 10_000;

/** Options of {@linkcode DenseCache}. */
export interface DenseCacheOptions {
  refreshMs: number;
  now: () => number;
  annMinVectors: number;
  ann: IvfOptions;
}

/** The vector cache of one connection. */
export class DenseCache {
  private dense: { index: DenseSearch; version: string; builtAt: number } | null = null;

  constructor(
    private readonly db: DatabaseSync,
    private readonly writes: SqliteWrites,
    private readonly options: DenseCacheOptions,
  ) {}

  /** Forgets the cache (after a reset or at close). */
  clear(): void {
    this.dense = null;
  }

  /** The vector cache, rebuilt when the data changed since it was built. */
  get(version: string): DenseSearch | null {
    const now = this.options.now();
    const cached = this.dense;
    const fresh = cached?.version === version;
    // Reloading a large cache reads every vector, so while writes keep coming it is
    // reloaded at most once per refresh interval; small caches are always current.
    const tolerable = cached && cached.index.size >= LARGE_DENSE_CACHE &&
      now - cached.builtAt < this.options.refreshMs;
    if (!fresh && !tolerable) {
      const dimensions = this.writes.storedDimensions();
      if (dimensions === null) {
        this.dense = null;
        return null;
      }
      this.dense = { index: this.build(dimensions), version, builtAt: now };
    }
    return this.dense!.index.size > 0 ? this.dense!.index : null;
  }

  /** Exact for small stores; IVF (read in one snapshot, three passes) for large ones. */
  private build(dimensions: number): DenseSearch {
    const rows = () => this.writes.vectorRows() as Iterable<DenseRow>;
    if (this.writes.vectorCount() < this.options.annMinVectors) {
      return DenseIndex.build(dimensions, rows());
    }
    const own = !this.db.isTransaction;
    if (own) this.db.exec("BEGIN");
    try {
      return IvfIndex.build(dimensions, rows, this.options.ann);
    } finally {
      if (own) this.db.exec("COMMIT");
    }
  }
}
