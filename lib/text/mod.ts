/**
 * LoreChat's one text analyzer: how every part — the sqlite index and its queries,
 * sparse vectors for Upstash hybrid, re-ranking, de-duplication, the relevance gate,
 * follow-up condensing and the extractive answerer — turns text into words, terms and
 * sentences, in the language of the text. Nothing else tokenizes.
 *
 * @example
 * ```ts
 * import { analyze, detectLanguage } from "./mod.ts";
 * console.assert(detectLanguage("Qui a fondé la ville ?") === "fr");
 * console.assert(analyze("Die Häuser der Stadt", { lang: "de" }).join(" ") === "haus stadt");
 * ```
 *
 * @module
 */
export {
  analyze,
  type AnalyzedWord,
  type AnalyzeOptions,
  ANALYZER_VERSION,
  analyzeWords,
  foldedWords,
  languageOf,
  languageOr,
  MAX_QUERY_TERMS,
  multilingualQueryTerms,
  queryTerms,
  type Stemming,
  stemOf,
  termOf,
} from "./analyze.ts";
export { detectLanguage, primaryLanguage, UNDETERMINED } from "./language.ts";
export { foldWord } from "./fold.ts";
export { stemWord } from "./stem.ts";
export { isCjk, isLatin } from "./scripts.ts";
export { segmentSentences, segmentWords } from "./segment.ts";
export { splitSentences } from "./sentences.ts";
export { jaccard, termSet } from "./similarity.ts";
export { nameWords } from "./names.ts";
export {
  type AnswerKind,
  fitsKind,
  hasDate,
  hasNumber,
  newNames,
  pointingBack,
  questionParts,
  type QuestionShape,
  questionShape,
  termWeight,
} from "./question.ts";
export { relatedTerms } from "./word_classes.ts";
export { CHUNK_PART, ChunkWordClasses, WORD_CLASS } from "./chunk_words.ts";
export {
  chunkWordDigest,
  type DigestClasses,
  type DigestVisitor,
  readWordDigest,
  visitWordDigest,
  type WordDigestSource,
  WordPlaces,
  writeWordDigest,
} from "./word_digest.ts";
export { DigestKeys, KeyedDigest } from "./digest_keys.ts";
export { fastWordIds, type WordIdList, type WordTableView } from "./fast_words.ts";
