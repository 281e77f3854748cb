/**
 * Ingestion: sources (HTML, Markdown, text, JSONL, folders) → clean → chunk → embed →
 * store, idempotently. Used by `deno task ingest`, the web app's sample corpus loader,
 * and both Lambda functions.
 *
 * @example
 * ```ts ignore
 * import { indexDocuments, readSourceTree } from "./mod.ts";
 * const report = await indexDocuments(readSourceTree("sample/lore"), {
 *   store, embedder, chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
 * });
 * console.log(report.indexed, report.unchanged, report.failures);
 * ```
 *
 * @module
 */
export {
  type CleanedDocument,
  cleanHtml,
  type CleanOptions,
  decodeHtmlBytes,
  htmlBodyToMarkdown,
} from "./clean/mod.ts";
export {
  type Chunk,
  chunkId,
  chunkMarkdown,
  type ChunkOptions,
  estimateTokens,
  type SizeUnit,
} from "./chunk.ts";
export { formatFrontMatter, type FrontMatter, parseFrontMatter } from "./front_matter.ts";
export {
  documentFromHtml,
  documentFromMarkdown,
  documentIdFromPath,
  documentsFromFile,
  documentsFromJsonl,
  extensionOf,
  type FileSystem,
  isSourceFailure,
  listSourceFiles,
  readSourceTree,
  sha256Hex,
  SOURCE_EXTENSIONS,
  type SourceDocument,
  type SourceEntry,
  type SourceFailure,
  sourceKindOf,
} from "./sources.ts";
export {
  type ClaimTiming,
  DocumentBusyError,
  type DocumentClaims,
  memoryClaims,
  withClaim,
} from "./claims.ts";
export {
  compareVersions,
  emptyReport,
  type IndexChunkOptions,
  indexDocuments,
  type IndexOptions,
  type IndexOutcome,
  type IndexProgress,
  type IndexReport,
  removeDocuments,
} from "./index.ts";
