/**
 * HTML → clean Markdown with metadata, for ingestion. The main content is found by text
 * density and boilerplate naming (navigation, headers, footers, sidebars, banners, share
 * widgets, comments and related-article blocks are dropped); headings, lists, tables,
 * code, links (made absolute) and image alt text are kept.
 *
 * @example
 * ```ts
 * import { cleanHtml } from "./mod.ts";
 * const doc = await cleanHtml("<title>Dragons | Lore</title><p>Dragons hoard gold.</p>", {
 *   url: "https://lore.example/dragons",
 * });
 * // doc.markdown === "Dragons hoard gold.", doc.title === "Dragons"
 * ```
 *
 * @module
 */

import { parseDocument } from "./dom.ts";
import { findMainContent } from "./extract.ts";
import { elementToMarkdown } from "./markdown.ts";
import { extractMetadata } from "./metadata.ts";
import { secondOpinion } from "./readability_signal.ts";

export { decodeHtmlBytes } from "./charset.ts";
export { DecompressedTooLargeError, gunzipCapped, isGzip, MAX_DECOMPRESSED_BYTES } from "./gzip.ts";

/** A page reduced to Markdown plus the metadata retrieval and citations need. */
export interface CleanedDocument {
  /** The main content as Markdown. */
  markdown: string;
  title: string;
  description: string;
  /** The page's URL: the `url` option, else its canonical link, else og:url ("" if none). */
  url: string;
  /** The `<html lang>` of the page ("" if none). */
  lang: string;
  contentType: "text/html" | "text/markdown" | "text/plain";
  /** Hex SHA-256 of `markdown`, for change detection. */
  contentHash: string;
}

/** Options of {@link cleanHtml}. */
export interface CleanOptions {
  /** Where the page was fetched from; relative links resolve against it. */
  url?: string;
}

/**
 * Extracts the main content of an HTML page as Markdown, with its metadata. Never throws
 * on malformed input: garbage yields an empty or best-effort document.
 */
export async function cleanHtml(
  html: string,
  options: CleanOptions = {},
): Promise<CleanedDocument> {
  const source = typeof html === "string" ? html : "";
  const document = parseDocument(source);
  const meta = extractMetadata(document, options.url);
  const { container: content, closeCall } = findMainContent(document, { title: meta.title });
  // Readability is asked only where our choice of container was close: elsewhere it costs
  // as much as the rest of the cleaning and (on the benchmark) changes nothing.
  if (closeCall) secondOpinion(source, content);
  const markdown = elementToMarkdown(content, { baseUrl: meta.baseUrl, title: meta.title });
  return {
    markdown,
    title: meta.title,
    description: meta.description,
    url: meta.url,
    lang: meta.lang,
    contentType: "text/html",
    contentHash: await sha256Hex(markdown),
  };
}

/**
 * Converts a whole HTML body to Markdown, with no main-content extraction: for HTML that
 * is all content (a DOCX converted by mammoth, an EPUB chapter). Scripts and styles are
 * still dropped; links resolve against `url` when given.
 */
export function htmlBodyToMarkdown(html: string, options: CleanOptions = {}): string {
  const document = parseDocument(html);
  return elementToMarkdown(document.body, { baseUrl: options.url ?? "" });
}

/** Hex SHA-256 of a string's UTF-8 bytes. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
