/**
 * A second look at the store's candidates before the best few are kept. The store
 * ranks by its own lights (BM25 over raw words, or vectors); this re-ranker adds what
 * a reader would use: the question's words in any of their forms and stand-ins ("rules"
 * meets "Ruler", "governs" meets "Governor"), whether the page is the one the question
 * names by title, and that a named page's lead chunk — where wikis put the infobox —
 * usually holds its key facts. Store-neutral: it reads only each hit's text, title,
 * heading and position, and keeps the store's order as one signal among these.
 *
 * @module
 */
import type { QueryHit } from "../vectorstore/store.ts";
import {
  analyze,
  languageOf,
  languageOr,
  questionShape,
  relatedTerms,
  termWeight,
} from "../text/mod.ts";
import { chunkTerms } from "./chunk_terms.ts";

/**
 * Weights of the re-ranking signals; the defaults were picked on the tuning two thirds
 * of the sample questions (`deno task eval:answers`).
 */
export interface RerankWeights {
  /** The store's own order: `1 / (1 + rank / 5)` (its weight 1.5 by default). */
  store: number;
  /** Share of the question's terms (idf-weighted, stand-ins included) the chunk holds. */
  coverage: number;
  /** The question names the chunk's page by its full title. */
  title: number;
  /** …and the chunk is that page's first (lead) chunk. */
  lead: number;
}

/** The default {@linkcode RerankWeights}. */
export const RERANK_WEIGHTS: RerankWeights = { store: 1.5, coverage: 1, title: 0.6, lead: 0.3 };

interface Scored {
  hit: QueryHit;
  score: number;
  index: number;
}

/**
 * Re-orders `hits` (best first, as the store returned them) for `question`, best first.
 *
 * @example
 * ```ts
 * import { rerankHits } from "./rerank.ts";
 * const meta = (doc: string, position: number) => ({
 *   documentId: doc, title: doc, url: "", heading: doc, position, contentHash: "",
 * });
 * const hits = [
 *   { id: "a#0", text: "Odo ruled the Varrow march as regent.", score: 0.9, metadata: meta("Odo", 0) },
 *   { id: "v#0", text: "- **Ruler**: Queen Maelis", score: 0.8, metadata: meta("Varrow", 0) },
 * ];
 * console.assert(rerankHits("Who rules Varrow?", hits)[0].id === "v#0");
 * ```
 */
export function rerankHits(
  question: string,
  hits: readonly QueryHit[],
  weights: RerankWeights = RERANK_WEIGHTS,
): QueryHit[] {
  // The question is analyzed in each hit's language, so a page meets it in its own stems.
  const byLang = new Map<string | undefined, string[]>();
  const queryFor = (lang: string | undefined) => {
    let q = byLang.get(lang);
    if (!q) byLang.set(lang, q = [...new Set(analyze(question, { lang, stemming: "light" }))]);
    return q;
  };
  const asked = languageOf(question);
  const fallback = asked === "und" ? "en" : asked;
  const langs = hits.map((h) => languageOr(h.text, h.metadata.lang, fallback));
  const perHit = langs.map(queryFor);
  const query = [...new Set(perHit.flat())];
  if (query.length === 0 || hits.length < 2) return [...hits];
  const chunks = hits.map((h, i) => chunkTerms(h, langs[i]));
  const holds = (chunk: ReadonlySet<string>, t: string) =>
    chunk.has(t) || hasAny(relatedTerms(t), chunk);
  const n = hits.length;
  const shape = questionShape(question);
  const idf = new Map(query.map((t) => {
    const df = chunks.filter((c) => holds(c, t)).length;
    return [t, Math.log(1 + (n - df + 0.5) / (df + 0.5)) * termWeight(t, shape)];
  }));
  const scored: Scored[] = hits.map((hit, index) => {
    const chunk = chunks[index];
    const own = perHit[index];
    const total = own.reduce((s, t) => s + idf.get(t)!, 0) || 1;
    const coverage = own.reduce((s, t) => s + (holds(chunk, t) ? idf.get(t)! : 0), 0) / total;
    const title = analyze(hit.metadata.title, { lang: langs[index], stemming: "light" });
    const ownSet = new Set(own);
    const named = title.length > 0 && title.every((t) => ownSet.has(t));
    const score = weights.store / (1 + index / 5) + weights.coverage * coverage +
      (named ? weights.title + (hit.metadata.position === 0 ? weights.lead : 0) : 0);
    return { hit, score, index };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.hit);
}

function hasAny(candidates: ReadonlySet<string>, set: ReadonlySet<string>): boolean {
  for (const c of candidates) if (set.has(c)) return true;
  return false;
}
