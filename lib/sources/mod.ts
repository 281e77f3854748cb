/**
 * Readers of lore sources beyond single HTML/Markdown files. This module: MediaWiki XML
 * dumps (`.xml`, `.xml.gz`, `.xml.bz2`, `.xml.7z`/`.7z`), streamed, and the wikitext →
 * Markdown converter they use — exported for other MediaWiki readers (the API reader)
 * too. Every reader yields `SourceEntry`s (documents, or failures in their place).
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
export { inlinePagePool, type PagePool, workerPagePool } from "./page_pool.ts";
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
  bunzip2Stream,
  gunzipStream,
  type Packing,
  packingOf,
  SevenZipMissingError,
  sevenZipStream,
} from "./decompress.ts";
