/**
 * A document's chunks — and their index terms — made ahead of indexing, where the
 * document was made (a page worker of a dump ingest), so the thread that writes the
 * store only writes. The indexer uses them only when they were made for this very
 * document (id, title, url, content hash) with the run's chunk settings; otherwise it
 * chunks the document itself. Either way the stored chunks are the same.
 *
 * @module
 */
import { detectLanguage, primaryLanguage } from "../text/mod.ts";
import {
  analyzeChunk,
  type ChunkAnalysis,
  packAnalyses,
  type TermNumbering,
} from "../vectorstore/chunk_analysis.ts";
import { DEFAULT_ANALYZER, type TermAnalyzer } from "../vectorstore/term_analyzer.ts";
import { chunkIndexWork } from "../vectorstore/chunk_index_pass.ts";
import { type Chunk, chunkMarkdown, type SizeUnit } from "./chunk.ts";
import type { SourceDocument } from "./source_document.ts";

/** Chunking settings for a run (the document fields come from each document). */
export interface IndexChunkOptions {
  size: number;
  overlap: number;
  unit: SizeUnit;
}

/** Chunks of one document made ahead, with what they were made for. */
export interface PreparedChunks {
  /** The document fields and settings they were made from. */
  made: {
    documentId: string;
    title: string;
    url: string;
    contentHash: string;
  } & IndexChunkOptions;
  /** The language every chunk is stored and analyzed in. */
  lang: string;
  chunks: Chunk[];
  /** Each chunk's index terms, when analyzed. */
  analyses?: ChunkAnalysis[];
  /**
   * Each chunk's word digest in `lang` (`StoredChunk.wordDigest`; null when none can be
   * made), when analyzed with the default analyzer, which makes both in one pass.
   */
  digests?: (string | null)[];
  /**
   * Set when the document's Markdown was dropped once these chunks were made (a page
   * worker's answer, so only the chunks cross threads): nothing else can chunk it again.
   */
  markdownDropped?: boolean;
}

/**
 * The language a document's chunks are stored in: the page's own tag, else what the
 * whole page's title and text tell (more surely than one chunk).
 */
export function documentLanguage(doc: SourceDocument): string {
  const declared = primaryLanguage(doc.lang);
  return declared !== "und" ? declared : detectLanguage(`${doc.title}\n${doc.markdown}`);
}

/** The document's chunks, as the indexer would make them. */
export function chunkDocument(doc: SourceDocument, options: IndexChunkOptions): Chunk[] {
  return chunkMarkdown(doc.markdown, {
    size: options.size,
    overlap: options.overlap,
    unit: options.unit,
    documentId: doc.id,
    title: doc.title,
    url: doc.url,
  });
}

/** How {@linkcode prepareChunks} analyzes the chunks (it only chunks without). */
export interface PrepareAnalysis {
  analyzer: TermAnalyzer;
  /** Numbers the terms when the chunks will cross threads (see `chunk_analysis.ts`). */
  numbering?: TermNumbering;
}

/**
 * Chunks `doc` with `options` and, given `analysis`, analyzes each chunk for the
 * postings index as the store would. `lang` is `documentLanguage(doc)`, passed when the
 * caller already knows it.
 */
export function prepareChunks(
  doc: SourceDocument,
  options: IndexChunkOptions,
  analysis?: PrepareAnalysis,
  lang: string = documentLanguage(doc),
): PreparedChunks {
  const chunks = chunkDocument(doc, options);
  const { size, overlap, unit } = options;
  const prepared: PreparedChunks = {
    made: {
      documentId: doc.id,
      title: doc.title,
      url: doc.url,
      contentHash: doc.contentHash,
      size,
      overlap,
      unit,
    },
    lang,
    chunks,
  };
  if (!analysis) return prepared;
  const { analyzer, numbering } = analysis;
  if (analyzer.version === DEFAULT_ANALYZER.version) {
    // Digest and terms from one pass of the analyzer, as the store would make them.
    const works = chunks.map((c) => chunkIndexWork(doc.title, c.heading, c.text, lang, numbering));
    prepared.analyses = packAnalyses(works.map((w) => w.analysis));
    prepared.digests = works.map((w) => w.digest);
  } else {
    prepared.analyses = packAnalyses(
      chunks.map((c) => analyzeChunk(analyzer, doc.title, c.heading, c.text, lang, numbering)),
    );
  }
  return prepared;
}

/** `doc.prepared` when it was made for this document and these settings, else null. */
export function usablePrepared(
  doc: SourceDocument & { prepared?: PreparedChunks },
  options: IndexChunkOptions,
): PreparedChunks | null {
  const p = doc.prepared;
  if (!p) return null;
  const m = p.made;
  const same = m.documentId === doc.id && m.title === doc.title && m.url === doc.url &&
    m.contentHash === doc.contentHash && m.size === options.size &&
    m.overlap === options.overlap && m.unit === options.unit;
  if (!same && p.markdownDropped) {
    throw new Error(
      `${doc.id}: its chunks were made with other settings and its Markdown was not kept`,
    );
  }
  return same ? p : null;
}
