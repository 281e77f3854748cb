/**
 * What a bulk build hands a worker and gets back: a batch of chunks' fields packed into
 * one string (a single copy crosses threads, not an object per chunk), and the work the
 * store would otherwise do per chunk on the writing thread — the language it stores the
 * chunk in (detected when the chunk names none), the word digest, the postings terms —
 * packed into one string and typed arrays (moved, not copied).
 *
 * Every value is what the store would make (`detectLanguage`, then `chunkWordDigest` and
 * `analyzeChunk` with the default analyzer — both from one analyzer pass,
 * `chunk_index_pass.ts`), so a chunk enriched here is stored byte for byte as it would
 * have been without; the store still checks that an analysis fits (`usableAnalysis`). A
 * chunk that already carries a language, a digest or an analysis keeps it.
 *
 * @module
 */
import { chunkWordDigest, detectLanguage } from "../text/mod.ts";
import {
  analyzeChunk,
  type ChunkAnalysis,
  type TermMirror,
  type TermNumbering,
  type TermUpdate,
} from "./chunk_analysis.ts";
import type { StoredChunk } from "./store.ts";
import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
import { chunkIndexWork } from "./chunk_index_pass.ts";

/** A batch's fields as sent to a worker. */
export interface PackedBatch {
  /**
   * Per chunk: heading, title, a newline, text and given language, concatenated (so the
   * title, newline and text that language detection reads are one slice of it).
   */
  fields: string;
  /** Length of each of those four fields, chunk after chunk. */
  lengths: Uint32Array;
  /** Per chunk: bit 1 make the digest, bit 2 make the analysis. */
  wants: Uint8Array;
}

/** What a worker sends back for a {@linkcode PackedBatch}. */
export interface AnalyzedBatch {
  /** Each chunk's stored language, joined by newlines. */
  langs: string;
  /** The digests made, concatenated. */
  digests: string;
  /** Length of each chunk's digest; -1 when none was made. */
  digestLengths: Int32Array;
  /** Term numbers then weighted counts of every analysis, one after the other. */
  terms: Uint32Array;
  /** Per chunk: distinct terms of its analysis (0 and `lengths` 0 when none). */
  termCounts: Uint32Array;
  /** Per chunk: analysed length; `0xffffffff` when no analysis was made. */
  lengths: Uint32Array;
  /** Terms the worker numbered for the first time (see `chunk_analysis.ts`). */
  update: TermUpdate;
  /** The analyzer version the analyses were made with. */
  analyzer: string;
}

const WANT_DIGEST = 1;
const WANT_ANALYSIS = 2;
const NO_ANALYSIS = 0xffffffff;

/** Packs the fields of `chunks` for a worker, asking only for what they lack. */
export function packBatch(chunks: readonly StoredChunk[]): PackedBatch {
  const parts: string[] = [];
  const lengths = new Uint32Array(chunks.length * 4);
  const wants = new Uint8Array(chunks.length);
  chunks.forEach((chunk, i) => {
    const m = chunk.metadata;
    parts.push(m.heading, m.title, "\n", chunk.text, m.lang ?? "");
    const fields = [m.title, m.heading, chunk.text, m.lang ?? ""];
    for (let f = 0; f < 4; f++) lengths[i * 4 + f] = fields[f].length;
    wants[i] = (chunk.wordDigest === undefined ? WANT_DIGEST : 0) |
      (chunk.analysis === undefined ? WANT_ANALYSIS : 0);
  });
  return { fields: parts.join(""), lengths, wants };
}

/**
 * The worker's side: each chunk's language as the store would store it (`m.lang`, else
 * detected from title and text), and its digest and analysis in that language when
 * wanted. Terms are numbered by `numbering`; call it once per batch.
 */
export function analyzeBatch(batch: PackedBatch, numbering: TermNumbering): AnalyzedBatch {
  const n = batch.wants.length;
  const langs: string[] = [];
  const digests: string[] = [];
  const digestLengths = new Int32Array(n).fill(-1);
  const termCounts = new Uint32Array(n);
  const lengths = new Uint32Array(n).fill(NO_ANALYSIS);
  const analyses: ChunkAnalysis[] = [];
  let at = 0;
  const { fields } = batch;
  const field = (length: number) => fields.slice(at, at += length);
  for (let i = 0; i < n; i++) {
    const heading = field(batch.lengths[i * 4 + 1]);
    const from = at;
    const title = field(batch.lengths[i * 4]);
    at++;
    const text = field(batch.lengths[i * 4 + 2]);
    // `${title}\n${text}`, sliced rather than joined (no copy to flatten).
    const titled = fields.slice(from, at);
    const given = field(batch.lengths[i * 4 + 3]);
    const lang = given || detectLanguage(titled);
    langs.push(lang);
    const wants = batch.wants[i];
    let digest: string | null = null;
    let analysis: ChunkAnalysis | null = null;
    if (wants === (WANT_DIGEST | WANT_ANALYSIS)) {
      ({ digest, analysis } = chunkIndexWork(title, heading, text, lang, numbering));
    } else if (wants === WANT_DIGEST) {
      digest = chunkWordDigest({ title, heading, text, lang });
    } else if (wants === WANT_ANALYSIS) {
      analysis = analyzeChunk(DEFAULT_ANALYZER, title, heading, text, lang, numbering);
    }
    if (digest !== null) {
      digests.push(digest);
      digestLengths[i] = digest.length;
    }
    if (analysis !== null) {
      analyses.push(analysis);
      termCounts[i] = analysis.ids.length;
      lengths[i] = analysis.length;
    }
  }
  let total = 0;
  for (const a of analyses) total += 2 * a.ids.length;
  const terms = new Uint32Array(total);
  let t = 0;
  for (const a of analyses) {
    terms.set(a.ids, t);
    terms.set(a.counts, t + a.ids.length);
    t += 2 * a.ids.length;
  }
  return {
    langs: langs.join("\n"),
    digests: digests.join(""),
    digestLengths,
    terms,
    termCounts,
    lengths,
    update: numbering.take(),
    analyzer: DEFAULT_ANALYZER.version,
  };
}

/** The buffers of an {@linkcode AnalyzedBatch} a worker can move rather than copy. */
export function transferables(batch: AnalyzedBatch): ArrayBuffer[] {
  const { digestLengths, terms, termCounts, lengths } = batch;
  return [digestLengths, terms, termCounts, lengths].map((a) => a.buffer as ArrayBuffer);
}

/**
 * The chunks with what the worker made: new chunk objects (the caller's are left as
 * they are) carrying the stored language, the digest and the analysis, whose term list
 * comes from `mirror`, the receiving side of the worker's numbering.
 */
export function enrichChunks(
  chunks: readonly StoredChunk[],
  batch: AnalyzedBatch,
  mirror: TermMirror,
): StoredChunk[] {
  const dictionary = mirror.apply(batch.update);
  const langs = batch.langs.split("\n");
  let d = 0, t = 0;
  return chunks.map((chunk, i) => {
    const out: StoredChunk = { ...chunk, metadata: { ...chunk.metadata, lang: langs[i] } };
    const digestLength = batch.digestLengths[i];
    if (digestLength >= 0) {
      out.wordDigest = batch.digests.slice(d, d + digestLength);
      d += digestLength;
    }
    if (batch.lengths[i] !== NO_ANALYSIS) {
      const k = batch.termCounts[i];
      out.analysis = {
        analyzer: batch.analyzer,
        lang: langs[i],
        ids: batch.terms.subarray(t, t + k),
        counts: batch.terms.subarray(t + k, t + 2 * k),
        length: batch.lengths[i],
        dictionary,
      };
      t += 2 * k;
    }
    return out;
  });
}
