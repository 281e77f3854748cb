/**
 * The cleaner-free half of source reading: file kinds, document ids from paths, and
 * Markdown or text documents (front matter read). Code that never sees HTML — the
 * vectorize Lambda — imports this and stays free of the HTML parser.
 *
 * @module
 */
import { parseFrontMatter } from "./front_matter.ts";
import { sha256Hex, type SourceDocument } from "./source_document.ts";

/** Extensions read as sources, by the kind of reader they need. */
export const SOURCE_EXTENSIONS: Record<
  string,
  "html" | "markdown" | "text" | "jsonl" | "pdf" | "docx" | "epub" | "mediawiki"
> = {
  ".html": "html",
  ".htm": "html",
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".jsonl": "jsonl",
  ".pdf": "pdf",
  ".docx": "docx",
  ".epub": "epub",
  ".xml": "mediawiki",
  ".7z": "mediawiki",
};

/** The reader kind of `path`: by its extension, with `.xml.gz`/`.xml.bz2` read as dumps. */
export function sourceKindOf(path: string): (typeof SOURCE_EXTENSIONS)[string] | undefined {
  return SOURCE_EXTENSIONS[extensionOf(path)] ??
    (/\.xml\.(?:gz|bz2)$/i.test(path) ? "mediawiki" : undefined);
}

/** The extension of `path` in lower case, with its dot ("" when none). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

/** Document id for a file: its path relative to the root, `/`-separated, no extension. */
export function documentIdFromPath(relativePath: string): string {
  const normalized = relativePath.replaceAll("\\", "/").replace(/^\.?\/+/, "");
  const ext = extensionOf(normalized);
  return ext ? normalized.slice(0, -ext.length) : normalized;
}

/**
 * A Markdown or plain-text document. Front matter supplies `title`, `url` and
 * `description`; without a title the first `# ` heading, then the id, is used.
 */
export async function documentFromMarkdown(
  id: string,
  text: string,
  options: { source?: string; contentType?: "text/markdown" | "text/plain" } = {},
): Promise<SourceDocument> {
  const { data, body } = parseFrontMatter(text.replace(/\r\n?/g, "\n"));
  const h1 = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1];
  return {
    id,
    title: data.title || h1 || id.slice(id.lastIndexOf("/") + 1),
    url: data.url ?? "",
    description: data.description ?? "",
    markdown: body,
    contentHash: await sha256Hex(text),
    contentType: options.contentType ?? "text/markdown",
    ...(data.lang ? { lang: data.lang } : {}),
    source: options.source ?? id,
  };
}
