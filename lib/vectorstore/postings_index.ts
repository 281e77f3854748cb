/**
 * The sqlite store's lexical index: an immutable postings segment persisted beside the
 * database (`<file>.postings`), a small in-memory delta of chunks written since, and
 * top-k search over both (block-max MaxScore over the segment, MaxScore over the delta).
 * SQLite stays the source of truth: every write to
 * `chunks` appends the chunk's seq to `postings_log` in the same transaction, and the
 * index catches up by re-reading those rows — the same path for the writer and for
 * readers in other processes, and correct after a rollback or a crash. When the delta
 * outgrows a share of the segment the writer folds it in, saves the file, and clears
 * the log it covers. The delta is also merged whenever it holds
 * {@linkcode MAX_DELTA_POSTINGS} postings, and a writer with a file keeps only the
 * segment's head in memory (`postings_disk.ts`), streaming each merge from the old
 * file to the new one, so a long ingest's memory stays flat; its postings are loaded
 * when it first searches. While every merge only appends chunks after the segment's (an
 * ingest), it holds not even the head, only the file's counts (`FileSummary`): the
 * term table and the arrays per term, chunk and block stay in the file, and are read
 * back when a chunk of the segment is replaced or deleted, or a search comes.
 *
 * The term function is injected ({@linkcode TermAnalyzer}); its version is saved with
 * the segment, and a segment made by another version (or for another database) is
 * rebuilt from the chunks.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { DeltaCursor, type DeltaList, DeltaSegment } from "./postings_delta.ts";
import { DeletedDocs } from "./postings_deleted.ts";
import {
  ARRAYS,
  decodeSegment,
  encodeSegment,
  POSTINGS_FORMAT,
  type SegmentHeader,
} from "./postings_file.ts";
import { mergeSegments } from "./postings_merge.ts";
import { blockMaxSearch, type BlockTerm } from "./postings_blockmax.ts";
import {
  appendIntoFile,
  type FileSummary,
  mergeIntoFile,
  readFileSummary,
  readSegmentHead,
  type SegmentHead,
} from "./postings_disk.ts";
import {
  inverseDocumentFrequency,
  maxScoreSearch,
  type TermCursor,
  TopK,
} from "./postings_search.ts";
import { Segment, SegmentCursor } from "./postings_segment.ts";
import type { TermAnalyzer } from "./term_analyzer.ts";
import { type ChunkAnalysis, usableAnalysis } from "./chunk_analysis.ts";

/** When the delta (plus deletions) exceeds this share of the segment, it is merged. */
const MERGE_FRACTION = 0.25;
/** …but never below this many chunks. */
const MERGE_MIN = 20_000;
/**
 * Postings the delta holds at most before it is merged, whatever the segment's size
 * (about 16 bytes each while they wait, so ~24 MB).
 */
export const MAX_DELTA_POSTINGS = 1_500_000;

/** A lexical match: the chunk's seq and its BM25 relevance (higher is better). */
export interface PostingsMatch {
  seq: number;
  relevance: number;
}

/** A chunk's key and the fields the index analyses. */
export interface ChunkText {
  seq: number;
  title: string;
  heading: string;
  text: string;
  lang: string | null;
  /** The chunk's terms as analyzed ahead, used when made by this analyzer in `lang`. */
  analysis?: ChunkAnalysis;
}

/**
 * Rows this connection just wrote, by seq, each with the `postings_log` id of the write:
 * `catchUp` takes a row from here instead of reading it back when that write is the
 * seq's latest logged change.
 */
export type WrittenRows = ReadonlyMap<number, ChunkText & { logId: number }>;

/** Options of {@linkcode PostingsIndex}. */
export interface PostingsIndexOptions {
  db: DatabaseSync;
  /** Segment file, or null to keep the index in memory only. */
  file: string | null;
  analyzer: TermAnalyzer;
  /** A read-only connection never writes the file nor clears the log. */
  readOnly?: boolean;
  /** Postings the delta holds at most. Default {@linkcode MAX_DELTA_POSTINGS}. */
  maxDeltaPostings?: number;
}

/** The lexical index of one sqlite connection. */
export class PostingsIndex {
  private base = Segment.empty();
  private deleted = new Uint8Array(0);
  private deletedCount = 0;
  private deletedLength = 0;
  /** The same deletions, with how many of them each query term's postings hold. */
  private readonly gone = new DeletedDocs();
  private delta = new DeltaSegment();
  /** The file's head when it holds `base` (a writer streams its merges from it). */
  private onDisk: SegmentHead | null = null;
  /**
   * The file's counts when a writer holds nothing else of its segment (`base` is then
   * empty and `onDisk` null; {@linkcode holdHead} reads the head back).
   */
  private light: FileSummary | null = null;
  /** Whether `base`'s postings are in memory (a writer with a file loads them to search). */
  private resident = true;
  private logId = 0;
  private generation = "";
  private readonly storeId: string;
  private readonly st: Record<string, StatementSync>;

  constructor(private readonly options: PostingsIndexOptions) {
    const p = (sql: string) => options.db.prepare(sql);
    this.st = {
      meta: p("SELECT value FROM meta WHERE key = ?"),
      setMeta: p("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
      maxLog: p("SELECT coalesce(max(id), 0) AS id FROM postings_log"),
      logSince: p("SELECT id, seq FROM postings_log WHERE id > ? ORDER BY id"),
      clearLog: p("DELETE FROM postings_log WHERE id <= ?"),
      row: p("SELECT seq, title, heading, text, lang FROM chunks WHERE seq = ?"),
      all: p("SELECT seq, title, heading, text, lang FROM chunks ORDER BY seq"),
    };
    this.storeId = this.meta("store_id") ?? "";
    this.load();
  }

  /** Chunks the index holds. */
  get size(): number {
    return this.documents - this.deletedCount + this.delta.liveCount;
  }

  /** Documents of the segment, held whole or as the file's counts. */
  private get documents(): number {
    return this.light ? this.light.documents : this.base.size;
  }

  /** Chunks in the delta (not yet merged). */
  get pending(): number {
    return this.delta.liveCount + this.deletedCount;
  }

  /**
   * Held in memory: the delta's postings, the segment's postings when they are loaded,
   * and the bytes of the segment's other arrays (none between merges that append: they
   * stay in the file).
   */
  get memory(): { deltaPostings: number; segmentPostingsBytes: number; segmentHeadBytes: number } {
    const views: ArrayBufferView[] = this.light
      ? []
      : ARRAYS.slice(0, -1).map(([name]) => this.base.a[name]);
    return {
      deltaPostings: this.delta.postings,
      segmentPostingsBytes: this.resident ? this.base.a.postings.byteLength : 0,
      segmentHeadBytes: views.reduce((sum, v) => sum + v.byteLength, 0),
    };
  }

  /**
   * Applies every logged change not yet seen (other connections' writes too); rows in
   * `written` whose write is the latest change of their seq are not read back.
   */
  catchUp(written?: WrittenRows): void {
    const generation = this.meta("postings_generation") ?? "";
    if (generation !== this.generation) this.load();
    const changes = this.st.logSince.all(this.logId) as { id: number; seq: number }[];
    if (changes.length === 0) return;
    // Each changed seq (first change first) with the id of its latest change.
    const latest = new Map<number, number>();
    for (const change of changes) latest.set(Number(change.seq), Number(change.id));
    for (const [seq, id] of latest) {
      this.removeSeq(seq);
      const mine = written?.get(seq);
      const row = mine?.logId === id ? mine : this.st.row.get(seq) as ChunkText | undefined;
      if (row) this.addRow(row);
    }
    this.logId = Number(changes[changes.length - 1].id);
  }

  /**
   * Folds the delta into a new segment when it has grown past its share (or always,
   * with `force`), saves the file and clears the log it covers. Only the writer calls this.
   */
  maybeMerge(force = false): void {
    const pending = this.pending;
    // Not inside a transaction (a write batch): the file would cover uncommitted rows.
    if (pending === 0 || this.options.db.isTransaction) return;
    const full = this.delta.postings >= (this.options.maxDeltaPostings ?? MAX_DELTA_POSTINGS);
    if (!force && !full && pending < Math.max(MERGE_MIN, this.documents * MERGE_FRACTION)) {
      return;
    }
    if (this.mergeDelta()) this.commitLog();
    else this.save();
  }

  /**
   * Folds the delta into the segment; returns true when that also wrote the file (a
   * writer streaming from its file), false when the segment is in memory only.
   */
  private mergeDelta(): boolean {
    const { file, readOnly, analyzer } = this.options;
    const streams = file !== null && !readOnly &&
      (this.light !== null || this.onDisk !== null || this.base.a.terms.length === 0);
    let wrote = false;
    if (streams) {
      const header = {
        format: POSTINGS_FORMAT,
        analyzer: analyzer.version,
        storeId: this.storeId,
        logId: this.logId,
      };
      try {
        if (this.deletedCount === 0 && this.deltaFollows()) {
          const base = this.light ?? (this.onDisk ? this.summaryOfHead(file) : null);
          this.light = appendIntoFile({ file, base, delta: this.delta, header });
          this.base = Segment.empty();
          this.onDisk = null;
          this.resident = false;
        } else {
          if (this.light && !this.holdHead()) throw new Error("the postings file changed");
          this.onDisk = mergeIntoFile({
            file,
            base: this.onDisk,
            deleted: this.deleted,
            delta: this.delta,
            header,
          });
          this.base = this.onDisk.segment;
          this.resident = this.base.a.postings.byteLength === this.onDisk.postingsLength;
        }
        wrote = true;
      } catch {
        // The file could not be written: merge in memory, as without a file, from the
        // segment read back (and, from then on, without streaming).
        if (this.light && !this.holdHead()) {
          throw new Error("the postings file was replaced during a merge");
        }
      }
    }
    if (!wrote) {
      this.loadPostings();
      this.onDisk = null;
      this.base = mergeSegments(this.base, this.deleted, this.delta);
    }
    this.resetDeletions();
    this.delta = new DeltaSegment();
    return wrote;
  }

  /** Empties the index (after the store's tables were cleared). */
  clear(): void {
    this.base = Segment.empty();
    this.onDisk = null;
    this.light = null;
    this.resident = true;
    this.resetDeletions();
    this.delta = new DeltaSegment();
    this.logId = Number((this.st.maxLog.get() as { id: number }).id);
    this.save();
  }

  /** The best `limit` chunks for the query terms, optionally only among `allowed` seqs. */
  search(terms: readonly string[], limit: number, allowed?: ReadonlySet<number>): PostingsMatch[] {
    if (terms.length === 0 || limit <= 0 || this.size === 0) return [];
    this.loadPostings();
    const documents = this.size;
    const totalLength = this.base.a.totalLength - this.deletedLength + this.delta.liveLength;
    const averageLength = Math.max(1, totalLength / documents);
    const top = new TopK(limit);
    const baseTerms: BlockTerm[] = [];
    const deltaTerms: TermCursor[] = [];
    for (const term of terms) {
      const t = this.base.termIds.get(term);
      const list = this.delta.list(term);
      const stored = (t === undefined ? 0 : this.base.a.df[t]) + (list?.docs.length ?? 0);
      if (stored === 0) continue;
      // Deleted chunks (until the next merge) do not count towards the frequency.
      const n = stored - this.deadHolding(term, t, list);
      if (n <= 0) continue;
      const idf = inverseDocumentFrequency(documents, n);
      if (t !== undefined) {
        baseTerms.push({ cursor: new SegmentCursor(this.base, t), term: t, idf });
      }
      if (list) {
        const cursor = new DeltaCursor(list);
        deltaTerms.push({ cursor, idf, maxTf: list.maxTf, minLen: list.minLen });
      }
    }
    const { seqs, lengths } = this.base.a;
    const deleted = this.deleted;
    const baseSkip = allowed
      ? (d: number) => deleted[d] === 1 || !allowed.has(seqs[d])
      : this.deletedCount > 0
      ? (d: number) => deleted[d] === 1
      : null;
    if (baseTerms.length > 0) {
      blockMaxSearch(this.base, baseTerms, { averageLength, lengths, seqs, skip: baseSkip }, top);
    }
    if (deltaTerms.length > 0) {
      const d = this.delta;
      const dead = d.dead.array;
      const skip = allowed
        ? (x: number) => dead[x] === 1 || !allowed.has(d.seqs[x])
        : (x: number) => dead[x] === 1;
      maxScoreSearch(deltaTerms, { averageLength, lengths: d.lengths, seqs: d.seqs, skip }, top);
    }
    return top.sorted().map(({ key, score }) => ({ seq: key, relevance: score }));
  }

  /** Merges pending changes and saves (the writer, at close). */
  flush(): void {
    this.catchUp();
    this.maybeMerge(true);
  }

  private load(): void {
    this.generation = this.meta("postings_generation") ?? "";
    this.delta = new DeltaSegment();
    this.light = null;
    this.onDisk = null;
    // A writer keeps only the file's counts; a reader searches, so it loads everything.
    const loaded = this.options.readOnly ? this.readFile() : this.readSummary();
    if (loaded) {
      this.base = loaded.segment;
      this.logId = loaded.logId;
    } else {
      this.rebuild();
    }
    this.resetDeletions();
  }

  private readFile(): { segment: Segment; logId: number } | null {
    const { file } = this.options;
    if (!file || !existsSync(file)) return null;
    let bytes: Uint8Array = readFileSync(file);
    if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
    const decoded = decodeSegment(bytes);
    if (!decoded || !this.current(decoded.header)) return null;
    const { segment, header } = decoded;
    const postings = segment.a.postings;
    this.onDisk = {
      segment,
      header,
      postingsOffset: postings.byteOffset - bytes.byteOffset,
      postingsLength: postings.byteLength,
    };
    this.resident = true;
    return { segment, logId: header.logId };
  }

  private readSummary(): { segment: Segment; logId: number } | null {
    const { file } = this.options;
    const summary = file ? readFileSummary(file) : null;
    if (!summary || !this.current(summary.header)) return null;
    this.light = summary;
    this.resident = false;
    return { segment: Segment.empty(), logId: summary.header.logId };
  }

  /**
   * Holds the segment's head (read back from the file) instead of its counts; false
   * when the file no longer holds that segment (another writer replaced it).
   */
  private holdHead(): boolean {
    const light = this.light;
    if (!light) return true;
    const head = readSegmentHead(this.options.file!);
    if (
      !head || head.header.logId !== light.header.logId || head.segment.size !== light.documents
    ) {
      return false;
    }
    this.light = null;
    this.onDisk = head;
    this.base = head.segment;
    this.resident = head.postingsLength === 0;
    this.resetDeletions();
    return true;
  }

  /** The counts of the file whose head is held (`onDisk`), read from the file. */
  private summaryOfHead(file: string): FileSummary {
    const summary = readFileSummary(file);
    const held = this.onDisk!;
    if (
      !summary || summary.header.logId !== held.header.logId ||
      summary.documents !== this.base.size
    ) {
      throw new Error("the postings file changed");
    }
    return summary;
  }

  /** Whether every live chunk of the delta comes after the segment's (higher seqs). */
  private deltaFollows(): boolean {
    const last = this.light
      ? this.light.lastSeq
      : this.base.size > 0
      ? this.base.a.seqs[this.base.size - 1]
      : -1;
    const { seqs, dead } = this.delta;
    for (let d = 0; d < seqs.length; d++) if (!dead.array[d] && seqs[d] <= last) return false;
    return true;
  }

  /** Whether a file's header is this store's and this analyzer's. */
  private current(header: SegmentHeader): boolean {
    return header.analyzer === this.options.analyzer.version && header.storeId === this.storeId;
  }

  /** Loads the segment's postings when only its head is in memory (to search it). */
  private loadPostings(): void {
    for (let attempt = 0; attempt < 3 && !this.resident; attempt++) {
      // The segment held whole, or as its term table (then read whole at once).
      const light = this.light;
      const expected = light ? light.header.logId : this.onDisk!.header.logId;
      const size = light ? light.documents : this.base.size;
      const loaded = this.readFile();
      if (loaded && loaded.logId === expected && loaded.segment.size === size) {
        this.light = null;
        this.base = loaded.segment;
        if (light) this.resetDeletions();
        return;
      }
      // Another writer replaced the file: start again from its file and the log.
      this.load();
      this.catchUp();
    }
    if (!this.resident) throw new Error("the postings file keeps changing");
  }

  /**
   * Indexes every chunk from the table (a new file, or a changed analyzer), merging
   * whenever the delta is full, so a writer's memory stays bounded here too.
   */
  private rebuild(): void {
    const db = this.options.db;
    const inTransaction = db.isTransaction;
    const max = this.options.maxDeltaPostings ?? MAX_DELTA_POSTINGS;
    let wrote = false;
    if (!inTransaction) db.exec("BEGIN");
    try {
      this.logId = Number((this.st.maxLog.get() as { id: number }).id);
      this.base = Segment.empty();
      this.onDisk = null;
      this.light = null;
      this.resident = true;
      this.resetDeletions();
      this.delta = new DeltaSegment();
      for (const row of this.st.all.iterate() as Iterable<ChunkText>) {
        this.addRow(row);
        if (this.delta.postings >= max) wrote = this.mergeDelta();
      }
      if (this.delta.liveCount > 0 || !wrote) wrote = this.mergeDelta();
    } finally {
      if (!inTransaction) db.exec("COMMIT");
    }
    if (wrote) this.commitLog();
    else this.save();
  }

  /** Writes the segment file (when there is one) and clears the log it covers. */
  private save(): void {
    const { file, analyzer } = this.options;
    if (this.options.readOnly) return;
    if (file) {
      const bytes = encodeSegment(this.base, {
        format: POSTINGS_FORMAT,
        analyzer: analyzer.version,
        storeId: this.storeId,
        logId: this.logId,
      });
      try {
        const temp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
        writeFileSync(temp, bytes);
        renameSync(temp, file);
      } catch {
        // A read-only connection keeps its rebuilt index in memory only.
        return;
      }
    }
    this.commitLog();
  }

  /** Clears the log the saved file covers and tells readers to reload it. */
  private commitLog(): void {
    const { db } = this.options;
    if (this.options.readOnly || db.isTransaction) return;
    try {
      db.exec("BEGIN IMMEDIATE");
      this.st.clearLog.run(this.logId);
      this.generation = crypto.randomUUID();
      this.st.setMeta.run("postings_generation", this.generation);
      db.exec("COMMIT");
    } catch {
      if (db.isTransaction) db.exec("ROLLBACK");
    }
  }

  private addRow(row: ChunkText): void {
    const { title, heading, text, lang, analysis } = row;
    if (usableAnalysis(analysis, this.options.analyzer, lang)) {
      this.delta.addAnalysis(Number(row.seq), analysis);
      return;
    }
    this.delta.addChunk(
      Number(row.seq),
      this.options.analyzer,
      title,
      heading,
      text,
      lang ?? undefined,
    );
  }

  private removeSeq(seq: number): void {
    if (this.delta.remove(seq)) return;
    if (this.light) {
      // A chunk after the segment's is not in it; one that may be needs its head.
      if (seq > this.light.lastSeq) return;
      if (!this.holdHead()) throw new Error("the postings file was replaced during a write");
    }
    const doc = this.base.docOf(seq);
    if (doc >= 0 && this.deleted[doc] === 0) {
      this.deleted[doc] = 1;
      this.deletedCount++;
      this.deletedLength += this.base.a.lengths[doc];
      this.gone.add(doc);
    }
  }

  private resetDeletions(): void {
    // Nothing can be deleted from a segment held as its term table (see `removeSeq`).
    this.deleted = new Uint8Array(this.light ? 0 : this.base.size);
    this.deletedCount = 0;
    this.deletedLength = 0;
    this.gone.reset();
  }

  /** Deleted or replaced chunks (not merged yet) whose postings hold `term`. */
  private deadHolding(term: string, t: number | undefined, list: DeltaList | undefined): number {
    const deadCount = this.delta.seqs.length - this.delta.liveCount;
    if (this.deletedCount === 0 && deadCount === 0) return 0;
    const delta = { list, dead: this.delta.dead.array, deadCount };
    return this.gone.countIn(term, this.base, t, this.deleted, delta);
  }

  private meta(key: string): string | null {
    const row = this.st.meta.get(key) as { value: string | null } | undefined;
    return row?.value ?? null;
  }
}

/** Removes a store's segment file (with the database). */
export function removePostingsFile(file: string): void {
  rmSync(file, { force: true });
}
