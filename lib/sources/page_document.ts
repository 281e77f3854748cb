/**
 * One dump page → one document: the unit of work a worker of the page pool does
 * (wikitext conversion and hashing), so its input and output are plain, cloneable data.
 *
 * @module
 */
import { sha256Hex, type SourceDocument } from "../ingest/source_document.ts";
import { pageUrl } from "./dump_titles.ts";
import type { DumpPage } from "./mediawiki_xml.ts";
import { wikitextToMarkdown } from "./wikitext.ts";
import { detectLanguage, UNDETERMINED } from "../text/mod.ts";
import { type IndexChunkOptions, prepareChunks } from "../ingest/prepared.ts";
import { DEFAULT_ANALYZER } from "../vectorstore/term_analyzer.ts";
import type { TermNumbering } from "../vectorstore/chunk_analysis.ts";

/** Everything needed to turn a page into a document. */
export interface PageJob {
  page: DumpPage;
  /** `<siteinfo><base>`, when the dump has one. */
  base?: string;
  fileNamespaces: string[];
  categoryNamespaces: string[];
  /** Titles of the redirects to this page. */
  aliases: string[];
  /** The dump's name, for messages and base-less ids. */
  source: string;
  /**
   * The run's chunk settings: when given, the page is also chunked and its chunks
   * analyzed for the postings index here (`SourceDocument.prepared`), so the writing
   * thread need not.
   */
  prepare?: IndexChunkOptions;
}

/** Version token of a revision id: fixed-width hex, so newer ids compare greater. */
export function revisionVersion(revisionId: string | undefined): string | undefined {
  if (!revisionId || !/^\d+$/.test(revisionId)) return undefined;
  return BigInt(revisionId).toString(16).padStart(16, "0");
}

/** Id of a page: its URL, or `<source id>/<Title_With_Underscores>` without a base. */
function pageId(url: string, source: string, title: string): string {
  if (url) return url;
  const stem = source.replace(/\.(xml(\.(gz|bz2|7z))?|7z|bz2|gz)$/i, "");
  return `${stem}/${title.replace(/ /g, "_")}`;
}

/**
 * The sentence that opens a page with other names for it (its redirects), so a question
 * using one finds the page and the extractive answerer can quote it; "" when none.
 */
export function aliasSentence(title: string, aliases: readonly string[]): string {
  return aliases.length > 0 ? `${title} is also known as ${aliases.join("; ")}.\n\n` : "";
}

/**
 * The document of a page: Markdown (aliases first), URL, version, categories; with
 * `job.prepare`, also its chunks and their terms (numbered by `numbering` when given).
 */
export async function pageDocument(
  job: PageJob,
  numbering?: TermNumbering,
): Promise<SourceDocument> {
  const { page, aliases, source } = job;
  const converted = wikitextToMarkdown(page.text, {
    title: page.title,
    fileNamespaces: job.fileNamespaces,
    categoryNamespaces: job.categoryNamespaces,
  });
  const markdown = aliasSentence(page.title, aliases) + converted.markdown;
  const url = pageUrl(job.base, page.title);
  const version = revisionVersion(page.revisionId);
  // Detected here, in the pool's worker, rather than by the indexer in the writing
  // thread, which would detect the same from the same title and Markdown.
  const lang = detectLanguage(`${page.title}\n${markdown}`);
  const document: SourceDocument = {
    id: pageId(url, source, page.title),
    title: page.title,
    url,
    description: "",
    markdown,
    contentHash: await sha256Hex(markdown),
    contentType: "text/markdown",
    ...(version ? { version } : {}),
    ...(lang !== UNDETERMINED ? { lang } : {}),
    source: `${source}: ${page.title}`,
    ...(converted.categories.length > 0 ? { categories: converted.categories } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  };
  if (job.prepare) {
    const analysis = { analyzer: DEFAULT_ANALYZER, numbering };
    document.prepared = prepareChunks(document, job.prepare, analysis, lang);
  }
  return document;
}
