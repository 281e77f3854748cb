/**
 * DOCX reader: a Word document becomes one Markdown document through `mammoth` (Word
 * styles to HTML) and the HTML cleaner's Markdown writer. Before mammoth sees the file,
 * the archive is checked with the capped {@linkcode ZipReader}: every part mammoth reads
 * (the XML and relationship parts) is inflated once against the budget, so a zip bomb is
 * refused with bounded memory and mammoth only ever inflates parts known to be small.
 * Images are never read (only their alt text is kept). `mammoth` is imported on first use.
 *
 * @module
 */
import { htmlBodyToMarkdown, sha256Hex, type SourceEntry } from "../ingest/mod.ts";
import { isOleCompoundFile, isZip, ZipError, type ZipLimits, ZipReader } from "./zip.ts";
import { xmlText } from "./xml_text.ts";

/** Options of {@linkcode documentsFromDocx}. */
export interface DocxOptions extends ZipLimits {
  /** Where the file came from, for messages. */
  source: string;
  /** The document's URL, if it has one. */
  url?: string;
}

/** Checks the container and returns its metadata; throws a reason when it is unreadable. */
function checkDocx(bytes: Uint8Array, limits: ZipLimits): { title: string; lang: string } {
  if (isOleCompoundFile(bytes)) {
    throw new ZipError(
      "encrypted",
      "encrypted or legacy Word file (an OLE compound file, not a DOCX zip): " +
        "save it as .docx without a password",
    );
  }
  if (!isZip(bytes)) throw new ZipError("broken", "not a DOCX file (not a ZIP archive)");
  const zip = new ZipReader(bytes, limits);
  if (!zip.find("word/document.xml")) {
    throw new ZipError("broken", "not a DOCX file (no word/document.xml)");
  }
  for (const entry of zip.entries) {
    if (/\.(xml|rels)$/i.test(entry.name)) zip.read(entry, false);
  }
  const core = zip.text("docProps/core.xml") ?? "";
  return { title: xmlText(core, "dc:title"), lang: xmlText(core, "dc:language") };
}

/** HTML of the document body, through mammoth, with images reduced to their alt text. */
async function docxToHtml(bytes: Uint8Array): Promise<string> {
  const mammoth = (await import("mammoth")).default;
  // mammoth wraps what it returns in a Promise subclass made by assigning `__proto__`,
  // which Deno turns off; its results are ordinary promises, so hand them back as such.
  const promises = (await import("mammoth/lib/promises.js")).default as {
    toExternalPromise: <T>(promise: Promise<T>) => Promise<T>;
  };
  promises.toExternalPromise = (promise) => promise;
  // mammoth adds each image's alt text itself; the image bytes are never read.
  const imageAlt = mammoth.images.imgElement(() => Promise.resolve({ src: "" }));
  const { Buffer } = await import("node:buffer");
  const input = { buffer: Buffer.from(bytes) };
  const result = await mammoth.convertToHtml(input, { convertImage: imageAlt });
  return result.value;
}

/** A DOCX file as one document, or one failure with the reason it could not be read. */
export async function* documentsFromDocx(
  id: string,
  bytes: Uint8Array,
  options: DocxOptions,
): AsyncGenerator<SourceEntry> {
  const fail = (reason: string): SourceEntry => ({
    failed: true,
    id,
    source: options.source,
    reason,
  });
  let meta: { title: string; lang: string };
  let html: string;
  try {
    meta = checkDocx(bytes, options);
    html = await docxToHtml(bytes);
  } catch (error) {
    yield fail(
      error instanceof ZipError ? error.message : `broken DOCX: ${(error as Error).message}`,
    );
    return;
  }
  const markdown = htmlBodyToMarkdown(html);
  if (markdown.trim() === "") return yield fail("the document has no text");
  const h1 = /^# (.+)$/m.exec(markdown)?.[1];
  yield {
    id,
    title: meta.title || h1 || id.slice(id.lastIndexOf("/") + 1),
    url: options.url ?? "",
    description: "",
    markdown,
    contentHash: await sha256Hex(markdown),
    contentType: "text/markdown",
    ...(meta.lang ? { lang: meta.lang } : {}),
    source: options.source,
  };
}
