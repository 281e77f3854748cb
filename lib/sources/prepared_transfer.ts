/**
 * A page's prepared chunks (`PreparedChunks`) in the shape they cross from a page worker
 * to the writing thread: each kind of field joined into one string with a length array,
 * and every analysis's term numbers and counts in one typed array (moved, not copied).
 * Structured-cloning the chunks as objects cost the worker about as much as chunking
 * them (an object per chunk and per analysis, the document's id, title and url again in
 * each); this form crosses as a handful of strings and buffers. Unpacked, it is the same
 * `PreparedChunks` (`prepared_transfer_test.ts`).
 *
 * @module
 */
import type { Chunk } from "../ingest/chunk.ts";
import type { PreparedChunks } from "../ingest/prepared.ts";
import type { ChunkAnalysis } from "../vectorstore/chunk_analysis.ts";

/** {@linkcode PreparedChunks} packed for `postMessage`. */
export interface PackedPrepared {
  made: PreparedChunks["made"];
  lang: string;
  /** Chunk ids, headings and texts, each kind joined. */
  ids: string;
  headings: string;
  texts: string;
  /** Per chunk: lengths of its id, heading and text, then its position. */
  fields: Uint32Array;
  /** Digests joined (absent when none were made), and each one's length (-1: null). */
  digests?: { joined: string; lengths: Int32Array };
  /** The analyses, when made (all by one analyzer, in `lang`). */
  analyses?: {
    analyzer: string;
    /** Each analysis's term numbers then its counts, one after the other. */
    terms: Uint32Array;
    /** Per chunk: distinct terms, then analysed length. */
    sizes: Uint32Array;
  };
}

/** Whether every analysis can travel packed: one analyzer, `lang`, no dictionary. */
function packable(analyses: readonly ChunkAnalysis[], lang: string): boolean {
  const analyzer = analyses[0]?.analyzer;
  return analyses.every((a) => a.analyzer === analyzer && a.lang === lang && !a.dictionary);
}

/** `prepared` packed; null when its analyses cannot be (they then travel as they are). */
export function packPrepared(prepared: PreparedChunks): PackedPrepared | null {
  const { made, lang, chunks, analyses, digests } = prepared;
  if (analyses && (analyses.length !== chunks.length || !packable(analyses, lang))) return null;
  const fields = new Uint32Array(chunks.length * 4);
  chunks.forEach((c, i) => {
    fields[i * 4] = c.id.length;
    fields[i * 4 + 1] = c.heading.length;
    fields[i * 4 + 2] = c.text.length;
    fields[i * 4 + 3] = c.position;
  });
  const packed: PackedPrepared = {
    made,
    lang,
    ids: chunks.map((c) => c.id).join(""),
    headings: chunks.map((c) => c.heading).join(""),
    texts: chunks.map((c) => c.text).join(""),
    fields,
  };
  if (digests) {
    packed.digests = {
      joined: digests.map((d) => d ?? "").join(""),
      lengths: digestLengths(digests),
    };
  }
  if (analyses) {
    let total = 0;
    for (const a of analyses) total += 2 * a.ids.length;
    const terms = new Uint32Array(total);
    const sizes = new Uint32Array(analyses.length * 2);
    let at = 0;
    analyses.forEach((a, i) => {
      terms.set(a.ids, at);
      terms.set(a.counts, at + a.ids.length);
      at += 2 * a.ids.length;
      sizes[i * 2] = a.ids.length;
      sizes[i * 2 + 1] = a.length;
    });
    packed.analyses = { analyzer: analyses[0]?.analyzer ?? "", terms, sizes };
  }
  return packed;
}

/** Each digest's length, -1 for none (a loop: `Int32Array.from` calls a mapper per item). */
function digestLengths(digests: readonly (string | null)[]): Int32Array {
  const lengths = new Int32Array(digests.length);
  for (let i = 0; i < digests.length; i++) lengths[i] = digests[i]?.length ?? -1;
  return lengths;
}

/** The buffers of `packed` that `postMessage` can move rather than copy. */
export function packedBuffers(packed: PackedPrepared): ArrayBuffer[] {
  const arrays = [packed.fields, packed.digests?.lengths, packed.analyses?.terms];
  return arrays.flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
}

/**
 * The `PreparedChunks` of `packed`, its analyses numbering terms into `dictionary`
 * (the writing thread's mirror of the worker's numbering).
 */
export function unpackPrepared(
  packed: PackedPrepared,
  dictionary: readonly string[],
): PreparedChunks {
  const { made, lang, fields } = packed;
  const count = fields.length / 4;
  const chunks: Chunk[] = [];
  let id = 0, heading = 0, text = 0;
  for (let i = 0; i < count; i++) {
    const [idLength, headingLength, textLength, position] = fields.subarray(i * 4, i * 4 + 4);
    chunks.push({
      id: packed.ids.slice(id, id += idLength),
      documentId: made.documentId,
      position,
      text: packed.texts.slice(text, text += textLength),
      heading: packed.headings.slice(heading, heading += headingLength),
      title: made.title,
      url: made.url,
    });
  }
  const prepared: PreparedChunks = { made, lang, chunks };
  if (packed.digests) {
    const { joined, lengths } = packed.digests;
    let at = 0;
    prepared.digests = [...lengths].map((n) => (n < 0 ? null : joined.slice(at, at += n)));
  }
  if (packed.analyses) {
    const { analyzer, terms, sizes } = packed.analyses;
    const analyses: ChunkAnalysis[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      const k = sizes[i * 2];
      const ids = terms.subarray(at, at + k);
      const counts = terms.subarray(at + k, at + 2 * k);
      analyses.push({ analyzer, lang, ids, counts, length: sizes[i * 2 + 1], dictionary });
      at += 2 * k;
    }
    prepared.analyses = analyses;
  }
  return prepared;
}
