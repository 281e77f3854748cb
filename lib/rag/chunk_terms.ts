/**
 * A chunk's title, heading and text analyzed once per language for the two word sets a
 * turn reads of it: its search terms (re-ranking) and its words with stopwords kept as
 * words (the relevance gate). Both come from one `analyzeWords` pass and are remembered
 * together in the turn's chunk cache (with a third, the folded surface forms of its content
 * words, for the re-ranker's exact-form signal), so a chunk is no longer analyzed twice for them.
 * Both are matched with questions, so both are stemmed the `"light"` way.
 *
 * @module
 */
import { analyzeWords } from "../text/mod.ts";
import type { QueryHit } from "../vectorstore/store.ts";
import { hitWords } from "./hit_words.ts";

function analyzeChunk(hit: QueryHit, lang: string) {
  const words = analyzeWords(`${hit.metadata.title} ${hit.metadata.heading} ${hit.text}`, {
    lang,
    stemming: "light",
  });
  const terms = new Set<string>();
  const all = new Set<string>();
  const forms = new Set<string>();
  for (const w of words) {
    if (w.term !== null) {
      terms.add(w.term);
      forms.add(w.word);
    }
    all.add(w.term ?? w.word);
  }
  // Each kind is remembered under its own key; computing one stores the others too.
  hitWords.get(`terms\u0000${lang}`, hit, () => terms);
  hitWords.get(`words\u0000${lang}`, hit, () => all);
  hitWords.get(`forms\u0000${lang}`, hit, () => forms);
  return { terms, all, forms };
}

/** `new Set(analyze(title heading text, { lang, stemming: "light" }))` of a chunk, remembered. */
export function chunkTerms(hit: QueryHit, lang: string): ReadonlySet<string> {
  return hitWords.get(`terms\u0000${lang}`, hit, (h) => analyzeChunk(h, lang).terms);
}

/** `termSet(title heading text, { lang, stemming: "light" })` of a chunk, remembered. */
export function chunkWords(hit: QueryHit, lang: string): ReadonlySet<string> {
  return hitWords.get(`words\u0000${lang}`, hit, (h) => analyzeChunk(h, lang).all);
}

/** The folded, unstemmed forms of a chunk's content words (stopwords left out), remembered. */
export function chunkForms(hit: QueryHit, lang: string): ReadonlySet<string> {
  return hitWords.get(`forms\u0000${lang}`, hit, (h) => analyzeChunk(h, lang).forms);
}
