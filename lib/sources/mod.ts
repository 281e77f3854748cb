/**
 * Readers of lore sources beyond single HTML/Markdown files: MediaWiki XML dumps (`.xml`, `.xml.gz`, `.xml.bz2`, `.xml.7z`/`.7z`), streamed, and the wikitext →
 * Markdown converter they use — exported for other MediaWiki readers (the API reader)
 * too; PDF, DOCX and EPUB (loaded on first use through {@linkcode documentsFromBook}) and
 * the capped ZIP reader they share; live sites and wikis (the crawler and the MediaWiki API
 * reader, under `crawl/`). Every reader yields `SourceEntry`s (documents, or failures in their place).
 *
 * @example
 * ```ts
 * import { wikitextToMarkdown } from "./mod.ts";
 * const { markdown, categories, facts, redirect } = wikitextToMarkdown(
 *   "{{Infobox character\n| name = Ser Aldric\n| house = Vael\n}}\n'''Ser Aldric''' guards [[Emberfall]].\n[[Category:Knights]]",
 *   { title: "Ser Aldric" },
 * );
 * console.assert(markdown.startsWith("- name: Ser Aldric\n- house: Vael"));
 * console.assert(categories[0] === "Knights" && facts.length === 2 && !redirect);
 * ```
 *
 * @module
 */
export {
  type WikiFact,
  type WikitextOptions,
  type WikitextResult,
  wikitextToMarkdown,
} from "./wikitext.ts";
export { documentsFromDump, type DumpOptions, type OpenDump } from "./mediawiki_dump.ts";
export { pageDocument, type PageJob, revisionVersion } from "./page_document.ts";
export {
  inlinePagePool,
  type PagePool,
  type PagePoolOptions,
  workerPagePool,
} from "./page_pool.ts";
export {
  documentsFromDumpBytes,
  documentsFromDumpFile,
  documentsFromDumpStream,
  type DumpFileOptions,
  fileStream,
  isDumpPath,
  unpack,
} from "./dump_file.ts";
export {
  type DumpEvent,
  DumpFormatError,
  type DumpPage,
  readDumpEvents,
  type SiteInfo,
} from "./mediawiki_xml.ts";
export { namespaceOf, normalizeTitle, pageUrl } from "./dump_titles.ts";
export {
  bunzip2File,
  bunzip2Stream,
  BZIP2_DECODERS,
  type Bzip2Options,
  gunzipStream,
  type Packing,
  packingOf,
  SevenZipMissingError,
  sevenZipStream,
} from "./decompress.ts";
export { type BookKind, type BookOptions, documentsFromBook } from "./books.ts";
export { documentsFromPdf, PdfError, type PdfOptions } from "./pdf.ts";
export { documentsFromDocx, type DocxOptions } from "./docx.ts";
export { documentsFromEpub, type EpubOptions } from "./epub.ts";
export { MAX_INFLATED_BYTES, ZipError, type ZipLimits, ZipReader } from "./zip.ts";
export * from "./crawl/mod.ts";
