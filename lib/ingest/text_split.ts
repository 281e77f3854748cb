/**
 * Measuring and splitting prose for the chunker: sizes in characters or approximate
 * tokens, and splits that fall between sentences, else between words — never inside one.
 *
 * @module
 */

/** How chunk sizes are measured. */
export type SizeUnit = "chars" | "tokens";

const WORD = /\S+/g;
/**
 * A sentence end (terminal punctuation, maybe closing quotes) and the whitespace after
 * it (group 1), the gap between two sentences. Matching the end rather than looking
 * behind each space for it finds the same gaps five times faster.
 */
const SENTENCE_END = /[.!?…]["'”’)\]*_]*(\s+)/g;

/**
 * Approximate token count: each whitespace-separated word counts `ceil(length / 4)`,
 * at least 1. It slightly over-counts English compared with BPE tokenizers (about 1.3
 * tokens per word), which errs on the safe side of an embedding model's input limit, is
 * the same on every runtime, and adds up exactly across joins (whitespace is free).
 *
 * @example
 * ```ts
 * import { estimateTokens } from "./text_split.ts";
 * console.assert(estimateTokens("The salt road") === 4);
 * ```
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(WORD)) tokens += Math.max(1, Math.ceil(match[0].length / 4));
  return tokens;
}

/** Size of `text` in `unit`. */
export function measure(text: string, unit: SizeUnit): number {
  return unit === "chars" ? text.length : estimateTokens(text);
}

/** Size of a separator placed between two pieces: its length in chars, 0 in tokens. */
export function separatorCost(separator: string, unit: SizeUnit): number {
  return unit === "chars" ? separator.length : 0;
}

interface Span {
  start: number;
  end: number;
}

/** Where each gap between two sentences of `text` starts, and its length. */
export function sentenceGaps(text: string): { index: number; length: number }[] {
  return [...text.matchAll(SENTENCE_END)].map((match) => ({
    index: match.index! + match[0].length - match[1].length,
    length: match[1].length,
  }));
}

/** Spans of the sentences in `text` (trimmed of surrounding whitespace). */
function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = text.search(/\S/);
  if (start < 0) return spans;
  for (const gap of sentenceGaps(text)) {
    if (gap.index > start) spans.push({ start, end: gap.index });
    start = gap.index + gap.length;
  }
  const end = text.trimEnd().length;
  if (end > start) spans.push({ start, end });
  return spans;
}

/** Spans of the words in `text`. */
function wordSpans(text: string): Span[] {
  return [...text.matchAll(WORD)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

/** Greedily packs consecutive spans into slices of `text` no larger than `limit`. */
function packSpans(text: string, spans: Span[], limit: number, unit: SizeUnit): string[] {
  const pieces: string[] = [];
  let first = -1;
  let last = -1;
  // Sizes add up across spans (whitespace between them is free in tokens; in chars it
  // is the gap), so each span is measured once, and in chars not at all.
  const prefix = [0];
  if (unit !== "chars") {
    for (const span of spans) {
      prefix.push(prefix[prefix.length - 1] + measure(text.slice(span.start, span.end), unit));
    }
  }
  const size = (a: number, b: number) =>
    unit === "chars" ? spans[b].end - spans[a].start : prefix[b + 1] - prefix[a];
  for (let i = 0; i < spans.length; i++) {
    if (first >= 0 && size(first, i) <= limit) {
      last = i;
      continue;
    }
    if (first >= 0) pieces.push(text.slice(spans[first].start, spans[last].end));
    first = i;
    last = i;
  }
  if (first >= 0) pieces.push(text.slice(spans[first].start, spans[last].end));
  return pieces;
}

/**
 * Splits `text` into pieces no larger than `limit`: at sentence boundaries where
 * sentences fit, else at word boundaries. A single word larger than `limit` is returned
 * whole (the only way a piece exceeds the limit). Empty input gives no pieces.
 */
export function splitToFit(text: string, limit: number, unit: SizeUnit): string[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (measure(trimmed, unit) <= limit) return [trimmed];
  const pieces: string[] = [];
  for (const sentence of packSpans(text, sentenceSpans(text), limit, unit)) {
    if (measure(sentence, unit) <= limit) pieces.push(sentence);
    else pieces.push(...packSpans(sentence, wordSpans(sentence), limit, unit));
  }
  return pieces;
}

/**
 * The longest suffix of `text` no larger than `budget` made of whole sentences, or — when
 * even the last sentence is too large — of whole words. "" when not even a word fits.
 */
export function trailingText(text: string, budget: number, unit: SizeUnit): string {
  if (budget <= 0) return "";
  const end = text.trimEnd().length;
  const fits = (start: number) => measure(text.slice(start, end), unit) <= budget;
  const sentences = sentenceSpans(text);
  let start = -1;
  for (let i = sentences.length - 1; i >= 0 && fits(sentences[i].start); i--) {
    start = sentences[i].start;
  }
  if (start < 0) start = lastWordsStart(text, end, budget, unit, fits);
  return start < 0 ? "" : text.slice(start, end);
}

/** Where the longest suffix of whole words ending at `end` that `fits` starts, or -1. */
function lastWordsStart(
  text: string,
  end: number,
  budget: number,
  unit: SizeUnit,
  fits: (start: number) => boolean,
): number {
  if (unit === "chars") return firstWordStart(text, Math.max(0, end - budget), end);
  const words = wordSpans(text);
  let start = -1;
  for (let i = words.length - 1; i >= 0 && fits(words[i].start); i--) start = words[i].start;
  return start;
}

/**
 * The first place in `[from, end)` where a word of `text` begins (`\S` after `\s` or at
 * the start), or -1. In characters a suffix fits its budget exactly when it starts at or
 * after `end - budget`, so this is where the walk back over every word of the text would
 * stop, found without listing them.
 */
function firstWordStart(text: string, from: number, end: number): number {
  WORD.lastIndex = from;
  let match = WORD.exec(text);
  // A run that begins at `from` inside a word is that word's tail, not a word.
  if (match && match.index === from && from > 0 && /\S/.test(text[from - 1])) {
    match = WORD.exec(text);
  }
  WORD.lastIndex = 0;
  return match && match.index < end ? match.index : -1;
}
