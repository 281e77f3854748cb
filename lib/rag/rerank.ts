/**
 * A second look at the store's candidates before the best few are kept. The store
 * ranks by its own lights (BM25 over raw words, or vectors); this re-ranker adds what
 * a reader would use: the question's words in any of their forms and stand-ins ("rules"
 * meets "Ruler", "governs" meets "Governor"), whether the page is the one the question
 * names by title, and that a named page's lead chunk — where wikis put the infobox —
 * usually holds its key facts; a question's word met in its very form ("kept", not only
 * "keeping") counts a little extra. Within a page, the chunks are ordered by these signals
 * alone, so the few a page may contribute are the ones that say what was asked.
 * Store-neutral: it reads only each hit's text, title, heading and position, and keeps
 * the store's order as one signal among these.
 *
 * @module
 */
import type { QueryHit } from "../vectorstore/store.ts";
import {
  analyze,
  analyzeWords,
  languageOf,
  languageOr,
  questionShape,
  relatedTerms,
  termWeight,
} from "../text/mod.ts";
import { chunkWordSets, type WordSet } from "./chunk_terms.ts";

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
  /**
   * Share of the question's terms (idf-weighted) the chunk holds in the very form the
   * question wrote them: a stem joins "kept", "keeping" and "keeper", but the chunk that
   * says "kept" is likelier the one a question saying "kept" is after.
   */
  exact: number;
}

/** The default {@linkcode RerankWeights}. */
export const RERANK_WEIGHTS: RerankWeights = {
  store: 1.5,
  coverage: 1,
  title: 0.6,
  lead: 0.3,
  exact: 0.3,
};

interface Scored {
  hit: QueryHit;
  score: number;
  /** The score without the store's order: how well the chunk's own words meet the question. */
  content: number;
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
  const forms = new Map<string | undefined, Map<string, Set<string>>>();
  const formsFor = (lang: string | undefined) => {
    let f = forms.get(lang);
    if (!f) forms.set(lang, f = questionForms(question, lang));
    return f;
  };
  const asked = languageOf(question);
  const fallback = asked === "und" ? "en" : asked;
  const langs = hits.map((h) => languageOr(h.text, h.metadata.lang, fallback));
  const perHit = langs.map(queryFor);
  const query = [...new Set(perHit.flat())];
  if (query.length === 0 || hits.length < 2) return [...hits];
  const sets = hits.map((h, i) => chunkWordSets(h, langs[i]));
  const chunks = sets.map((s) => s.terms);
  // Which chunks hold each term (or a stand-in for it), asked once per term and chunk.
  const held = new Map(query.map((t) => {
    const related = relatedTerms(t);
    return [t, chunks.map((c) => c.has(t) || hasAny(related, c))];
  }));
  const n = hits.length;
  const shape = questionShape(question);
  const idf = new Map(query.map((t) => {
    const df = held.get(t)!.filter(Boolean).length;
    return [t, Math.log(1 + (n - df + 0.5) / (df + 0.5)) * termWeight(t, shape)];
  }));
  const scored: Scored[] = hits.map((hit, index) => {
    const own = perHit[index];
    const total = own.reduce((s, t) => s + idf.get(t)!, 0) || 1;
    const coverage = own.reduce((s, t) => s + (held.get(t)![index] ? idf.get(t)! : 0), 0) /
      total;
    const title = sets[index].title;
    const ownSet = new Set(own);
    const named = title.length > 0 && title.every((t) => ownSet.has(t));
    const exact = exactShare(own, formsFor(langs[index]), sets[index].forms, idf) / total;
    const content = weights.coverage * coverage + weights.exact * exact +
      (named ? weights.title + (hit.metadata.position === 0 ? weights.lead : 0) : 0);
    const score = weights.store / (1 + index / 5) + content;
    return { hit, score, content, index };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return siblingsByContent(scored).map((s) => s.hit);
}

/**
 * Pages keep the places their chunks earned, but within a page the chunks take those
 * places in order of their own words' match. The store's order among sibling chunks says
 * little (they share a page, so a title and much vocabulary), and only the first few
 * chunks of a page are kept: the ones that say what the question asks should be those.
 */
function siblingsByContent(scored: readonly Scored[]): Scored[] {
  const byPage = new Map<string, Scored[]>();
  for (const s of scored) {
    const page = s.hit.metadata.documentId;
    if (!byPage.has(page)) byPage.set(page, []);
    byPage.get(page)!.push(s);
  }
  for (const chunks of byPage.values()) {
    chunks.sort((a, b) => b.content - a.content || a.index - b.index);
  }
  const next = new Map<string, number>();
  return scored.map((s) => {
    const page = s.hit.metadata.documentId;
    const i = next.get(page) ?? 0;
    next.set(page, i + 1);
    return byPage.get(page)![i];
  });
}

/** Each term of `question` with the folded forms it was written in. */
function questionForms(question: string, lang: string | undefined): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>();
  for (const w of analyzeWords(question, { lang, stemming: "light" })) {
    if (w.term === null) continue;
    if (!forms.has(w.term)) forms.set(w.term, new Set());
    forms.get(w.term)!.add(w.word);
  }
  return forms;
}

/** The idf weight of the question's terms the chunk holds in the question's own form. */
function exactShare(
  terms: readonly string[],
  forms: ReadonlyMap<string, ReadonlySet<string>>,
  chunk: WordSet,
  idf: ReadonlyMap<string, number>,
): number {
  let sum = 0;
  for (const t of terms) {
    if (hasAny(forms.get(t) ?? new Set(), chunk)) sum += idf.get(t)!;
  }
  return sum;
}

function hasAny(candidates: ReadonlySet<string>, set: WordSet): boolean {
  for (const c of candidates) if (set.has(c)) return true;
  return false;
}
