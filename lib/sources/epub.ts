/**
 * EPUB reader: a book becomes one Markdown document, its XHTML chapters converted by the
 * HTML cleaner's Markdown writer in spine (reading) order. The archive is read with the
 * capped {@linkcode ZipReader}, so a zip bomb is refused with bounded memory; a book
 * whose content is encrypted (DRM) is refused with that reason. Title and language come
 * from the package metadata.
 *
 * @module
 */
import { htmlBodyToMarkdown, sha256Hex, type SourceEntry } from "../ingest/mod.ts";
import { isZip, ZipError, type ZipLimits, ZipReader } from "./zip.ts";
import { xmlElements, xmlText } from "./xml_text.ts";

/** Options of {@linkcode documentsFromEpub}. */
export interface EpubOptions extends ZipLimits {
  /** Where the file came from, for messages. */
  source: string;
  /** The book's URL, if it has one. */
  url?: string;
}

/** Font obfuscation is not DRM: those resources are fonts, and fonts are not read. */
const FONT_OBFUSCATION = /idpf\.org\/2008\/embedding|ns\.adobe\.com\/pdf\/enc#RC/;

/** Resolves `href` (URL-encoded, relative to the package file) to an archive path. */
function resolvePath(base: string, href: string): string {
  const parts = (base + decodeURIComponent(href.replace(/#.*$/, ""))).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}

/** A book's title, language and chapter paths in reading order. */
function readPackage(zip: ZipReader): { title: string; lang: string; chapters: string[] } {
  const container = zip.text("META-INF/container.xml");
  const rootPath = container ? xmlElements(container, "rootfile")[0]?.["full-path"] : undefined;
  const opf = rootPath ? zip.text(rootPath) : undefined;
  if (!rootPath || opf === undefined) {
    throw new ZipError(
      "broken",
      "not an EPUB file (no package document in META-INF/container.xml)",
    );
  }
  const encryption = zip.text("META-INF/encryption.xml");
  if (
    encryption && xmlElements(encryption, "enc:EncryptionMethod").concat(
      xmlElements(encryption, "EncryptionMethod"),
    ).some((m) => !FONT_OBFUSCATION.test(m.Algorithm ?? ""))
  ) {
    throw new ZipError("encrypted", "encrypted (DRM-protected) EPUB: its chapters cannot be read");
  }
  const base = rootPath.includes("/") ? rootPath.slice(0, rootPath.lastIndexOf("/") + 1) : "";
  const manifest = new Map<string, Record<string, string>>();
  for (const item of [...xmlElements(opf, "item"), ...xmlElements(opf, "opf:item")]) {
    if (item.id) manifest.set(item.id, item);
  }
  const chapters: string[] = [];
  for (const ref of [...xmlElements(opf, "itemref"), ...xmlElements(opf, "opf:itemref")]) {
    const item = manifest.get(ref.idref ?? "");
    if (!item?.href || ref.linear === "no" || /\bnav\b/.test(item.properties ?? "")) continue;
    if (!/html/.test(item["media-type"] ?? "")) continue;
    chapters.push(resolvePath(base, item.href));
  }
  return { title: xmlText(opf, "dc:title"), lang: xmlText(opf, "dc:language"), chapters };
}

/** The book's chapters as one Markdown text. */
function bookMarkdown(zip: ZipReader, chapters: string[]): string {
  const parts: string[] = [];
  for (const path of chapters) {
    const entry = zip.find(path);
    if (!entry) throw new ZipError("broken", `chapter ${path} is missing from the archive`);
    const markdown = htmlBodyToMarkdown(new TextDecoder().decode(zip.read(entry)));
    if (markdown.trim() !== "") parts.push(markdown);
  }
  return parts.join("\n\n");
}

/** An EPUB file as one document, or one failure with the reason it could not be read. */
export async function* documentsFromEpub(
  id: string,
  bytes: Uint8Array,
  options: EpubOptions,
): AsyncGenerator<SourceEntry> {
  const fail = (reason: string): SourceEntry => ({
    failed: true,
    id,
    source: options.source,
    reason,
  });
  let book: { title: string; lang: string; markdown: string };
  try {
    if (!isZip(bytes)) throw new ZipError("broken", "not an EPUB file (not a ZIP archive)");
    const zip = new ZipReader(bytes, options);
    const pkg = readPackage(zip);
    book = { ...pkg, markdown: bookMarkdown(zip, pkg.chapters) };
  } catch (error) {
    yield fail(
      error instanceof ZipError ? error.message : `broken EPUB: ${(error as Error).message}`,
    );
    return;
  }
  if (book.markdown.trim() === "") return yield fail("the book has no text");
  yield {
    id,
    title: book.title || /^# (.+)$/m.exec(book.markdown)?.[1] || id.slice(id.lastIndexOf("/") + 1),
    url: options.url ?? "",
    description: "",
    markdown: book.markdown,
    contentHash: await sha256Hex(book.markdown),
    contentType: "text/markdown",
    ...(book.lang ? { lang: book.lang } : {}),
    source: options.source,
  };
}
