/**
 * Retrieval for a chat turn: ask the store for more than needed, re-rank them, drop
 * near-duplicate passages, keep at most N per page, and judge whether anything is
 * relevant enough to answer from.
 *
 * @module
 */
import type { Embedder } from "../embeddings/embedder.ts";
import type { SourcePassage } from "../llm/provider.ts";
import type { QueryHit, VectorStore } from "../vectorstore/store.ts";
import { rerankHits } from "./rerank.ts";
import { analyze, languageOr, nameWords } from "../text/mod.ts";
import { bodyLikeness, type ChunkWords, chunkWordSets } from "./chunk_terms.ts";

/** Retrieval settings (from config: RETRIEVAL_TOP_K, RETRIEVAL_MAX_PER_PAGE, RETRIEVAL_MIN_SCORE). */
export interface RetrieveOptions {
  topK: number;
  maxPerPage: number;
  /** Store score below which a hit is ignored (0 = keep all). */
  minScore: number;
  /** Word-set similarity above which two passages count as duplicates. */
  duplicateThreshold?: number;
  /** Re-rank the store's candidates before keeping the top K (default true). */
  rerank?: boolean;
  signal?: AbortSignal;
}

/** What retrieval found: numbered passages, and whether they answer the question. */
export interface Retrieval {
  passages: SourcePassage[];
  /** False when nothing retrieved covers the question well enough to answer from. */
  relevant: boolean;
  /** The best hits by page, for "the closest pages are…" when not relevant. */
  closest: { title: string; url: string }[];
}

/** Runs the query through the store (dense too when an embedder gives a vector). */
export async function retrievePassages(
  query: string,
  store: VectorStore,
  embedder: Embedder | null,
  options: RetrieveOptions,
): Promise<Retrieval> {
  const vector = embedder && embedder.dimensions
    ? await embedder.embedQuery(query, options.signal)
    : null;
  const hits = await store.query({
    text: query,
    vector: vector ?? undefined,
    topK: Math.max(options.topK * 3, 20),
    signal: options.signal,
  });
  const ranked = options.rerank === false ? hits : rerankHits(query, hits);
  const kept = selectPassages(ranked, options);
  const passages = kept.map((hit, i): SourcePassage => ({
    n: i + 1,
    id: hit.id,
    title: hit.metadata.title,
    url: hit.metadata.url,
    heading: hit.metadata.heading,
    text: hit.text,
    score: hit.score,
    documentId: hit.metadata.documentId,
    position: hit.metadata.position,
    ...(hit.metadata.lang ? { lang: hit.metadata.lang } : {}),
  }));
  return {
    passages,
    relevant: isRelevant(query, hits),
    closest: closestPages(ranked, 3),
  };
}

/** Drops low scores and near-duplicates, caps passages per page, keeps the top K. */
export function selectPassages(hits: QueryHit[], options: RetrieveOptions): QueryHit[] {
  const threshold = options.duplicateThreshold ?? 0.8;
  const kept: { hit: QueryHit; words: ChunkWords }[] = [];
  const perPage = new Map<string, number>();
  for (const hit of hits) {
    if (kept.length >= options.topK) break;
    if (hit.score < options.minScore || hit.text.trim().length === 0) continue;
    const page = hit.metadata.documentId;
    if ((perPage.get(page) ?? 0) >= options.maxPerPage) continue;
    const hitWords = chunkWordSets(hit, langOf(hit));
    if (kept.some((k) => bodyLikeness(k.words, hitWords) >= threshold)) continue;
    kept.push({ hit, words: hitWords });
    perPage.set(page, (perPage.get(page) ?? 0) + 1);
  }
  return kept.map((k) => k.hit);
}

/**
 * Whether the hits can answer the question: every name the question uses must occur
 * in some hit, and some other term of it must occur in the top hits.
 */
export function isRelevant(query: string, hits: QueryHit[]): boolean {
  if (hits.length === 0) return false;
  const top = hits.slice(0, 10);
  const terms = questionTerms(query, top);
  if (terms.length === 0) return false;
  const langs = top.map(langOf);
  const hitWords = top.map((h, i) => chunkWordSets(h, langs[i]).words);
  // A name is seen when a hit holds all its terms, read in that hit's language (a page
  // in Nynorsk stems "Klaksvíkar" as the question's language would not).
  const seen = (name: string) =>
    hitWords.some((w, i) =>
      analyze(name, { lang: langs[i], stemming: "light" }).every((t) => w.has(t))
    );
  if (nameWords(query).some((name) => !seen(name))) return false;
  // Paraphrased questions ("what does a spellcaster lose…") share few words with the
  // page that answers them, so the bar is low: some term of the question must occur in
  // the top hits. Off-topic questions are caught by the names they use, or share nothing.
  return terms.some((t) => hitWords.slice(0, 3).some((w) => w.has(t)));
}

/** The language a hit is analyzed in: its stored one, else detected from its text. */
function langOf(hit: QueryHit): string {
  return languageOr(hit.text, hit.metadata.lang, "en");
}

/**
 * The content terms of a question, analyzed in each language the hits are written in
 * (the question's own when they say none), single Latin letters and digits left out.
 */
export function questionTerms(query: string, hits: readonly QueryHit[]): string[] {
  const langs = new Set<string | undefined>(hits.map(langOf));
  if (langs.size === 0) langs.add(undefined);
  const terms = new Set<string>();
  for (const lang of langs) {
    for (const t of analyze(query, { lang, stemming: "light" })) {
      if (t.length > 1 || !/^[a-z0-9]$/.test(t)) terms.add(t);
    }
  }
  return [...terms];
}

function closestPages(hits: QueryHit[], count: number) {
  const pages = new Map<string, { title: string; url: string }>();
  for (const hit of hits) {
    if (pages.size >= count) break;
    if (!pages.has(hit.metadata.documentId)) {
      pages.set(hit.metadata.documentId, { title: hit.metadata.title, url: hit.metadata.url });
    }
  }
  return [...pages.values()];
}
