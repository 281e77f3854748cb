/**
 * Scoring candidate lines against one question (or one part of a compound question)
 * for the extractive answerer: BM25 over light-stemmed terms, where a word of the same
 * class stands in for a question word ("Ruler" for "rules"), the passage's title and
 * heading count as context, the question's focus noun weighs more and light verbs less,
 * and a line that fits the kind of answer asked for (a name for "who", a number for
 * "how many") is preferred. Also decides whether a line may lead an answer at all.
 *
 * @module
 */
import type { SourcePassage } from "./provider.ts";
import { passageSentences, type Sentence } from "./extractive_text.ts";
import {
  analyze,
  fitsKind,
  isCjk,
  type QuestionShape,
  relatedTerms,
  termWeight,
} from "../text/mod.ts";

/** A line of a passage, ready to score. */
export interface Candidate {
  /** As shown: facts carry their passage's title. */
  text: string;
  n: number;
  fact: boolean;
  /** A whole list under the line that introduced it. */
  list: boolean;
  terms: string[];
  own: Set<string>;
  /** What the line states: a fact's value, or the whole sentence. */
  value: string;
  /** Terms of the passage's title and heading. */
  context: Set<string>;
  /** Terms of the prose sentence just before, which pronouns in this one may mean. */
  previous: Set<string>;
  rank: number;
  order: number;
}

/** A candidate's score for one question part. */
export interface PartScore {
  candidate: Candidate;
  score: number;
  /** Share of the part's weight the line and its context cover. */
  coverage: number;
  /** Whether the line may lead an answer (see {@linkcode scorePart}). */
  eligible: boolean;
}

/** One question, or one part of a compound one, as terms with weights. */
export interface QueryPart {
  shape: QuestionShape;
  /** Stemmed content terms with their weight (1 for its own, less for borrowed ones). */
  terms: Map<string, number>;
  /** The terms a line's coverage is measured against (borrowed ones only add to it). */
  owed: Set<string>;
  /** Stemmed names (capitalised words) of the whole question. */
  names: Set<string>;
  /** Every stemmed term of the whole question (a line's names beyond these are new). */
  known: Set<string>;
  /** Terms the sources must hold somewhere for the part to be answerable. */
  required: string[];
}

const K1 = 1.2;
const B = 0.6;

/**
 * Every usable line of `sources`, in passage order. A prose sentence's context also
 * holds the sentence before it, so "It was carried to Hallowmere" knows what "it" is.
 */
export function candidatesOf(sources: SourcePassage[]): Candidate[] {
  return sources.flatMap((p, rank) => {
    const sentences = passageSentences(p.text, p.lang);
    return sentences.map((s, i) => {
      const before = sentences[i - 1];
      const previous = !s.fact && before && !before.fact ? before.text : "";
      return toCandidate(s, p, rank, i, previous);
    });
  });
}

function toCandidate(
  s: Sentence,
  p: SourcePassage,
  rank: number,
  order: number,
  previous: string,
): Candidate {
  const title = p.title.trim();
  const text = s.fact && title && !s.text.toLowerCase().includes(title.toLowerCase())
    ? `${title} — ${s.text}`
    : s.text;
  const terms = (text: string) => analyze(text, { lang: p.lang, stemming: "light" });
  const own = terms(s.text);
  return {
    text: shorten(text, 400),
    n: p.n,
    fact: s.fact,
    list: s.list === true,
    terms: own,
    own: new Set(own),
    value: s.fact ? s.text.slice(s.text.indexOf(":") + 1) : s.text,
    context: new Set(terms(`${title} ${p.heading}`)),
    previous: new Set(terms(previous)),
    rank,
    order,
  };
}

/** Whether `set` holds `term` or a word of one of its word classes. */
export function holds(set: Set<string>, term: string): boolean {
  if (set.has(term)) return true;
  for (const r of relatedTerms(term)) if (set.has(r)) return true;
  return false;
}

/**
 * Scores every candidate that shares a term with `part`, best first. A line is
 * eligible to lead an answer when it covers at least `minCoverage` of the part, states
 * a number when the part asks for a date or a number, and holds (or sits under a title
 * or heading holding) one of the question's names. Nothing is eligible when a required
 * term — the part's focus noun, a number it names — is in no candidate at all.
 */
export function scorePart(
  part: QueryPart,
  candidates: Candidate[],
  minCoverage: number,
): PartScore[] {
  const query = [...part.terms.keys()];
  if (query.length === 0 || candidates.length === 0) return [];
  const idf = inverseFrequencies(query, candidates);
  for (const t of query) idf.set(t, idf.get(t)! * part.terms.get(t)! * termWeight(t, part.shape));
  const total = query.filter((t) => part.owed.has(t)).reduce((sum, t) => sum + idf.get(t)!, 0);
  const mean = total / query.length;
  const avgLength = candidates.reduce((n, c) => n + c.terms.length, 0) / candidates.length;
  const answerable = part.required.every((t) =>
    candidates.some((c) => holds(c.own, t) || holds(c.context, t))
  );
  const { kind, typeTerms } = part.shape;
  const out: PartScore[] = [];
  for (const c of candidates) {
    let score = 0;
    let covered = 0;
    let matched = 0;
    let carried = 0;
    for (const t of query) {
      const weight = idf.get(t)!;
      if (c.own.has(t)) {
        const tf = c.terms.filter((x) => x === t).length;
        const norm = tf + K1 * (1 - B + B * (c.terms.length / avgLength));
        score += weight * (tf * (K1 + 1)) / norm * (part.names.has(t) ? 1.25 : 1);
        matched++;
      } else if (holds(c.own, t)) {
        // "Ruler" for "rules", "Location" for "kept": the same question, other words.
        score += 0.7 * weight;
        matched++;
      } else if (holds(c.context, t)) score += 0.5 * weight;
      else if (holds(c.previous, t)) {
        score += 0.5 * weight;
        carried++;
      } else continue;
      covered += weight;
    }
    const fits = fitsKind(kind, c.value, part.known);
    // A line may match only through the sentence before it when it states the number
    // or date asked for: "…the length of its back. The largest was 38 yards long."
    const continues = carried > 0 && (kind === "number" || kind === "date") && fits;
    if (matched === 0 && !continues) continue;
    const coverage = Math.min(1, covered / total);
    if (coverage < minCoverage / 2) continue;
    for (const t of typeTerms) if (holds(c.own, t)) score += 0.25 * mean;
    score *= (0.5 + 0.5 * coverage) / (1 + 0.15 * c.rank);
    if (kind === "name") score *= fits ? 1.15 : 0.9;
    else if (kind !== "other" && kind !== "list") score *= fits ? 1.3 : 0.75;
    const caption = looksLikeCaption(c);
    if (caption) score *= 0.6;
    if (c.list && kind === "list") score *= 1.5;
    const named = part.names.size === 0 ||
      [...part.names].some((t) => c.own.has(t) || c.context.has(t) || c.previous.has(t));
    const strict = kind !== "date" && kind !== "number" || fits;
    const eligible = answerable && coverage >= minCoverage && named && strict && !caption;
    out.push({ candidate: c, score, coverage, eligible });
  }
  return out.sort((a, b) =>
    b.score - a.score || a.candidate.rank - b.candidate.rank ||
    a.candidate.order - b.candidate.order
  );
}

/**
 * A short unpunctuated prose line, or a very short one ("The Kethri road."): a caption,
 * label or list lead more than a statement.
 */
function looksLikeCaption(c: Candidate): boolean {
  if (c.fact || c.list) return false;
  // Unspaced scripts: about two characters a word.
  const length = isCjk(c.text) ? Math.ceil([...c.text].length / 2) : c.text.split(/\s+/).length;
  return length < 5 || (!/[.!?。！？]["'”’)」』]*$/.test(c.text) && length < 8);
}

/**
 * BM25's idf over the candidate lines (a related word counts as the term). A term found
 * nowhere — often the question's own verb ("celebrated", "make up") — weighs as much as
 * the rarest term found somewhere, so it cannot sink every line on its own.
 */
function inverseFrequencies(query: string[], candidates: Candidate[]): Map<string, number> {
  const n = candidates.length;
  const idf = new Map<string, number>();
  const absent: string[] = [];
  for (const t of query) {
    const df = candidates.filter((c) => holds(c.own, t) || holds(c.context, t)).length;
    if (df === 0) absent.push(t);
    idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  const present = query.filter((t) => !absent.includes(t)).map((t) => idf.get(t)!);
  if (present.length > 0) { for (const t of absent) idf.set(t, Math.max(...present)); }
  return idf;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:—-]+$/, "")}…`;
}
