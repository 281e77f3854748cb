/**
 * One entry point for the book-like file readers (PDF, DOCX, EPUB), each loaded on first
 * use so that reading HTML or Markdown never loads a PDF or Word parser.
 *
 * @module
 */
import type { SourceEntry } from "../ingest/mod.ts";

/** The file kinds {@linkcode documentsFromBook} reads. */
export type BookKind = "pdf" | "docx" | "epub";

/** Options shared by the book readers. */
export interface BookOptions {
  /** Where the file came from: a path or key, used in messages and (for PDFs) as the url. */
  source: string;
  /** The file's URL, when it has one (PDF page links are built on it). */
  url?: string;
}

/** The documents of one PDF, DOCX or EPUB file, or a failure with its reason. */
export async function* documentsFromBook(
  kind: BookKind,
  id: string,
  bytes: Uint8Array,
  options: BookOptions,
): AsyncGenerator<SourceEntry> {
  if (kind === "pdf") {
    const { documentsFromPdf } = await import("./pdf.ts");
    yield* documentsFromPdf(id, bytes, options);
  } else if (kind === "docx") {
    const { documentsFromDocx } = await import("./docx.ts");
    yield* documentsFromDocx(id, bytes, options);
  } else {
    const { documentsFromEpub } = await import("./epub.ts");
    yield* documentsFromEpub(id, bytes, options);
  }
}
