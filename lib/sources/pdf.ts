/**
 * PDF reader: a PDF becomes one document per page with text, each citing its own page.
 *
 * Why one document per page: a citation's link is a document's `url`, and the chunker
 * copies one `url` onto every chunk of a document. Making each page a document gives
 * every chunk `file.pdf#page=N` — the page a PDF viewer opens — with no change to the
 * chunker, the store or the source cards. Each page's Markdown restates the headings
 * open when the page begins and puts a `###### p. N` marker under every heading, so the
 * heading path reads `Book › Chapter › p. N` and the answer's citation shows the page.
 * The costs: a chunk never spans a page break (a paragraph cut by one is split in two),
 * a book is hundreds of small documents in the store's bookkeeping, the retriever's
 * per-document cap applies per page rather than per book, and pages that disappear when
 * a shorter edition is ingested are only removed by `--prune`. The alternative — one
 * document per book with page markers the chunker maps to per-chunk urls — would keep
 * paragraphs whole across pages but needs a per-chunk url through chunking, storage and
 * retrieval.
 *
 * The heavy PDF library (`unpdf`, a serverless build of Mozilla's PDF.js) is imported on
 * first use, so nothing that never sees a PDF pays for loading it.
 *
 * @module
 */
import { sha256Hex, type SourceDocument, type SourceEntry } from "../ingest/mod.ts";
import { lineFragments, type TextRun } from "./pdf_layout.ts";
import { type PageFragments, pagesToMarkdown } from "./pdf_pages.ts";

/** Options of {@linkcode documentsFromPdf}. */
export interface PdfOptions {
  /** Where the file came from, for messages (a path or key). */
  source: string;
  /** The PDF's own URL; `#page=N` is appended. Default: `source`. */
  url?: string;
  /** Pages read at most (a defence against absurd files). Default 5,000. */
  maxPages?: number;
}

/** Thrown for a file that is not a readable PDF; the message is the reason to report. */
export class PdfError extends Error {
  override name = "PdfError";
}

type PdfDocument = Awaited<ReturnType<typeof import("unpdf").getDocumentProxy>>;

/** Whether the bytes carry a PDF header (allowed anywhere in the first KiB, as readers do). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

/** Opens the PDF, translating PDF.js's exceptions into reasons a person can act on. */
async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  if (!looksLikePdf(bytes)) throw new PdfError("not a PDF file (no %PDF- header)");
  const { getDocumentProxy } = await import("unpdf");
  try {
    // PDF.js may take ownership of the buffer it is given: hand it a copy.
    return await getDocumentProxy(bytes.slice(), { verbosity: 0 });
  } catch (error) {
    const { name, message } = error as Error;
    if (name === "PasswordException") {
      throw new PdfError("encrypted PDF: a password is required to read it");
    }
    if (name === "InvalidPDFException") throw new PdfError(`broken PDF: ${message}`);
    throw new PdfError(`could not read PDF: ${message}`);
  }
}

/** One page's text runs, with baselines measured from the page top. */
async function pageFragments(pdf: PdfDocument, n: number): Promise<PageFragments> {
  const page = await pdf.getPage(n);
  try {
    const [, , , top] = page.view;
    const height = page.view[3] - page.view[1];
    const content = await page.getTextContent();
    const runs: TextRun[] = [];
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [a, b, c, d, e, f] = item.transform as number[];
      const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
      runs.push({ text: item.str, x: e, y: top - f, width: item.width, size });
    }
    return { page: n, height, fragments: lineFragments(runs) };
  } finally {
    page.cleanup();
  }
}

/** Title and language from the PDF's info dictionary or XMP metadata, when present. */
async function pdfMetadata(pdf: PdfDocument): Promise<{ title: string; lang: string }> {
  const meta = await pdf.getMetadata().catch(() => null);
  const info = (meta?.info ?? {}) as Record<string, unknown>;
  const xmp = meta?.metadata;
  const text = (value: unknown) => typeof value === "string" ? value.trim() : "";
  const title = text(xmp?.get("dc:title")) || text(info.Title);
  const lang = text(info.Language) || text(xmp?.get("dc:language"));
  // Word processors often leave "Untitled" or a file name as the title.
  const useful = title !== "" &&
    !/^(untitled|microsoft word - .*|.*\.(docx?|odt|pdf))$/i.test(title);
  return { title: useful ? title : "", lang };
}

/** The first top-level heading of the first page, as a fallback title. */
function firstHeading(markdown: string | undefined): string {
  return /^#{1,2} (.+)$/m.exec(markdown ?? "")?.[1] ?? "";
}

/**
 * The pages of a PDF as documents (`id/pN`, url `…#page=N`), or one failure with its
 * reason when the file is not a PDF, is encrypted, is broken, or has no text layer.
 */
export async function* documentsFromPdf(
  id: string,
  bytes: Uint8Array,
  options: PdfOptions,
): AsyncGenerator<SourceEntry> {
  let pdf: PdfDocument;
  try {
    pdf = await openPdf(bytes);
  } catch (error) {
    yield { failed: true, id, source: options.source, reason: (error as Error).message };
    return;
  }
  try {
    const pages: PageFragments[] = [];
    const count = Math.min(pdf.numPages, options.maxPages ?? 5_000);
    for (let n = 1; n <= count; n++) pages.push(await pageFragments(pdf, n));
    const meta = await pdfMetadata(pdf);
    const markdown = pagesToMarkdown(pages);
    if (markdown.length === 0) {
      const reason = "no text layer (a scanned PDF? text recognition is not supported)";
      yield { failed: true, id, source: options.source, reason };
      return;
    }
    const name = id.slice(id.lastIndexOf("/") + 1);
    const title = meta.title || firstHeading(markdown[0].markdown) || name;
    const base = (options.url ?? options.source).replace(/#.*$/, "");
    for (const page of markdown) {
      const doc: SourceDocument = {
        id: `${id}/p${page.page}`,
        title,
        url: `${base}#page=${page.page}`,
        description: "",
        markdown: page.markdown,
        contentHash: await sha256Hex(page.markdown),
        contentType: "text/markdown",
        ...(meta.lang ? { lang: meta.lang } : {}),
        source: `${options.source}#page=${page.page}`,
      };
      yield doc;
    }
  } catch (error) {
    yield {
      failed: true,
      id,
      source: options.source,
      reason: `broken PDF: ${(error as Error).message}`,
    };
  } finally {
    await pdf.loadingTask.destroy();
  }
}
