/**
 * The sqlite store's vector cache: an exact scan (`dense_index.ts`) for small stores, an
 * IVF index over int8 vectors (`ivf_index.ts`) from `annMinVectors` on, rebuilt from the
 * table when the data changed — for large caches at most once per refresh interval.
 * The IVF index is saved beside the database (`<file>.ivf`, `ivf_file.ts`) and read back
 * on open while the store's vectors' generation is the one it was built at.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { DenseIndex, type DenseMatch, type DenseRow } from "./dense_index.ts";
import { IvfIndex, type IvfOptions } from "./ivf_index.ts";
import { type IvfFileKey, readIvfFile, writeIvfFile } from "./ivf_file.ts";
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
  /** Where the IVF index is saved, or null to keep it in memory only. */
  file?: string | null;
  /** A read-only connection reads a saved index but never writes one. */
  readOnly?: boolean;
  /** Reports a saved index that could not be written (the index still serves). */
  onSaveError?: (error: unknown) => void;
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

  /**
   * A saved IVF index when it is current; otherwise exact for small stores and IVF (read
   * in one snapshot, three passes, then saved) for large ones.
   */
  private build(dimensions: number): DenseSearch {
    const { file, readOnly } = this.options;
    if (file && !readOnly && this.writes.vectorsGeneration() === null) {
      this.writes.ensureVectorsGeneration();
    }
    const own = !this.db.isTransaction;
    if (own) this.db.exec("BEGIN");
    try {
      // Read in the same snapshot as the rows, so a saved index matches its generation.
      const generation = this.writes.vectorsGeneration();
      // Probes only tune search: another number of them reuses the saved lists.
      const { probes, ...build } = this.options.ann;
      const key = generation === null ? null : {
        storeId: this.storeId(),
        generation,
        options: JSON.stringify(build),
      };
      const saved = file && key ? readIvfFile(file, key) : null;
      // Same generation, same vectors: the count that chose IVF still holds.
      if (saved && saved.dimensions === dimensions && saved.size >= this.options.annMinVectors) {
        if (probes !== undefined) saved.probes = Math.max(1, Math.min(probes, saved.lists));
        return saved;
      }
      const rows = () => this.writes.vectorRows() as Iterable<DenseRow>;
      if (this.writes.vectorCount() < this.options.annMinVectors) {
        return DenseIndex.build(dimensions, rows());
      }
      const index = IvfIndex.build(dimensions, rows, this.options.ann);
      if (file && key && !readOnly) this.save(file, index, key);
      return index;
    } finally {
      if (own) this.db.exec("COMMIT");
    }
  }

  private save(file: string, index: IvfIndex, key: IvfFileKey): void {
    try {
      writeIvfFile(file, index, key);
    } catch (error) {
      this.options.onSaveError?.(error);
    }
  }

  private storeId(): string {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'store_id'").get() as
      | { value: string }
      | undefined;
    return row?.value ?? "";
  }
}
