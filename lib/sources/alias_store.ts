/**
 * The aliases a dump's redirects give its pages: each target title's alias titles, in
 * the order they were met, without repeats. A wiki's redirects can outnumber its pages
 * (Wikipedia has more redirects than articles), so the aliases are held in memory only
 * up to a bound; past it they move to a temporary sqlite database and are looked up
 * there, one indexed query a page. Memory then stays flat however many redirects the
 * dump holds, and no alias is dropped. Without `node:sqlite` (an older Node), they stay
 * in memory.
 *
 * @example
 * ```ts
 * import { AliasStore } from "./alias_store.ts";
 * const aliases = new AliasStore({ inMemory: 1 });
 * await aliases.add("Ser Aldric", "The Ashen Knight");
 * await aliases.add("Ser Aldric", "Aldric");
 * console.assert(aliases.spilled);
 * console.assert(aliases.get("Ser Aldric").join("; ") === "The Ashen Knight; Aldric");
 * aliases.close(); // removes the temporary database
 * ```
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Aliases held in memory at most by default. Each costs 70–220 bytes of V8 heap (many
 * aliases to a target, or one alias each, measured): 7–22 MB here. A dump's pre-scan
 * with 600,000 redirects to as many titles once filled the ingest's 160 MB heap.
 */
export const ALIASES_IN_MEMORY = 100_000;

/** Prefix of the temporary directories a store spills to (tests look for leftovers). */
export const SPILL_PREFIX = "lorechat-aliases-";

/** Rows written per transaction once spilled. */
const ROWS_PER_COMMIT = 10_000;

/** Options of {@linkcode AliasStore}. */
export interface AliasStoreOptions {
  /** Aliases held in memory before they move to disk. Default {@linkcode ALIASES_IN_MEMORY}. */
  inMemory?: number;
  /** Where the temporary database goes. Default: the OS temporary directory. */
  directory?: string;
}

/** Alias titles by target title, in memory up to a bound and on disk past it. */
export class AliasStore {
  private memory = new Map<string, string[]>();
  private disk: SpilledAliases | null = null;
  private held = 0;
  private closed = false;
  /** Set when `node:sqlite` could not be loaded: the aliases then stay in memory. */
  private memoryOnly = false;

  constructor(private readonly options: AliasStoreOptions = {}) {}

  /** Whether the aliases have moved to the temporary database. */
  get spilled(): boolean {
    return this.disk !== null;
  }

  /** Adds `alias` to `target`'s aliases (unless it is one already). */
  async add(target: string, alias: string): Promise<void> {
    if (this.closed) throw new Error("the alias store is closed");
    if (this.disk) return this.disk.add(target, alias);
    const list = this.memory.get(target);
    if (list?.includes(alias)) return;
    if (list) list.push(alias);
    else this.memory.set(target, [alias]);
    this.held++;
    const bound = this.options.inMemory ?? ALIASES_IN_MEMORY;
    if (this.held > bound && !this.memoryOnly) await this.spill();
  }

  /** `target`'s aliases in the order they were added (a new array). */
  get(target: string): string[] {
    if (this.disk) return this.disk.get(target);
    return [...(this.memory.get(target) ?? [])];
  }

  /** Drops every alias and removes the temporary database, if any. Idempotent. */
  close(): void {
    this.closed = true;
    this.memory = new Map();
    this.disk?.close();
    this.disk = null;
  }

  /** Moves the aliases in memory to a new temporary database, in their order. */
  private async spill(): Promise<void> {
    let sqlite: typeof import("node:sqlite");
    try {
      sqlite = await import("node:sqlite");
    } catch {
      this.memoryOnly = true; // no node:sqlite here (an older Node)
      return;
    }
    const disk = new SpilledAliases(sqlite, this.options.directory ?? tmpdir());
    try {
      for (const [target, list] of this.memory) {
        for (const alias of list) disk.append(target, alias);
      }
    } catch (error) {
      disk.close();
      throw error;
    }
    this.disk = disk;
    this.memory = new Map();
  }
}

/**
 * The aliases in a temporary sqlite database: rows appended in batches, repeats
 * included, and indexed by target once, when first read (building the index from all
 * the rows at once is several times faster than keeping it up row by row).
 */
class SpilledAliases {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private select: StatementSync | null = null;
  private readonly directory: string;
  private pending = 0;

  constructor(sqlite: typeof import("node:sqlite"), parent: string) {
    this.directory = mkdtempSync(join(parent, SPILL_PREFIX));
    try {
      this.db = new sqlite.DatabaseSync(join(this.directory, "aliases.sqlite"));
      // A scratch file: nothing to recover after a crash, so no journal and no syncs.
      this.db.exec("PRAGMA journal_mode = OFF");
      this.db.exec("PRAGMA synchronous = OFF");
      this.db.exec("CREATE TABLE aliases (target TEXT NOT NULL, alias TEXT NOT NULL)");
      this.insert = this.db.prepare("INSERT INTO aliases (target, alias) VALUES (?, ?)");
    } catch (error) {
      rmSync(this.directory, { recursive: true, force: true });
      throw error;
    }
  }

  add(target: string, alias: string): void {
    this.append(target, alias);
  }

  /** Inserts a row, in a transaction committed every {@linkcode ROWS_PER_COMMIT} rows. */
  append(target: string, alias: string): void {
    if (this.pending === 0) this.db.exec("BEGIN");
    this.insert.run(target, alias);
    if (++this.pending >= ROWS_PER_COMMIT) this.commit();
  }

  /** `target`'s aliases, first appearances in row order. */
  get(target: string): string[] {
    this.commit();
    if (!this.select) {
      this.db.exec("CREATE INDEX aliases_target ON aliases (target)");
      this.select = this.db.prepare("SELECT alias FROM aliases WHERE target = ? ORDER BY rowid");
    }
    const rows = this.select.all(target) as { alias: string }[];
    return [...new Set(rows.map((row) => row.alias))];
  }

  close(): void {
    try {
      this.commit();
      this.db.close();
    } finally {
      rmSync(this.directory, { recursive: true, force: true });
    }
  }

  private commit(): void {
    if (this.pending === 0) return;
    this.db.exec("COMMIT");
    this.pending = 0;
  }
}
