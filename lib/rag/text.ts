/**
 * Small text tools the chat turn shares: content terms of a question (stopwords out,
 * light stemming) and word-set similarity for near-duplicate passages.
 *
 * @module
 */

const STOPWORDS = new Set(
  ("a an the and are as at be been but by can could did do does for from had has have how i if in " +
    "into is it its me my no not of on or our she he her his they them their there these this " +
    "those to was we were what when where which who whom whose why will with would you your " +
    "about after all also any before between both each few more most other some such than " +
    "then too very just so up down out over under again once here tell know please much many " +
    "one ones thing things s t don should now am being having doing describe explain give list")
    .split(/\s+/),
);

/** Lowercase word tokens (Unicode letters and digits). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

/** A crude stem: enough to match "rules"/"ruled"/"ruler" with "rule". */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, "");
  if (w.length > 5 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  for (const suffix of ["ing", "ers", "ed", "er", "es", "s"]) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}

/** The stemmed content terms of a question, without stopwords, unique, in order. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w) || w.length < 2) continue;
    const s = stem(w);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/**
 * Proper-noun-like terms of a question: capitalised words that do not start a
 * sentence. A question naming something the corpus has never seen is off-topic.
 */
export function namedTerms(text: string): string[] {
  const out: string[] = [];
  const tokens = text.match(/[\p{L}\p{N}'’-]+|[.!?]/gu) ?? [];
  let sentenceStart = true;
  for (const token of tokens) {
    if (/^[.!?]$/.test(token)) {
      sentenceStart = true;
      continue;
    }
    if (!sentenceStart && /^\p{Lu}/u.test(token) && !STOPWORDS.has(token.toLowerCase())) {
      // "Salt-Lord" names two words the index knows separately.
      for (const part of words(token)) {
        const s = stem(part);
        if (!STOPWORDS.has(part) && !out.includes(s)) out.push(s);
      }
    }
    sentenceStart = false;
  }
  return out;
}

/** The set of stemmed words of a text. */
export function stemSet(text: string): Set<string> {
  return new Set(words(text).map(stem));
}

/** Jaccard similarity of two word sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}
