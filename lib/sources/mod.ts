/**
 * Readers that turn files into documents to index: PDF, DOCX and EPUB (loaded on first
 * use through {@linkcode documentsFromBook}), and the capped ZIP reader they share.
 *
 * @module
 */
export { type BookKind, type BookOptions, documentsFromBook } from "./books.ts";
export { documentsFromPdf, PdfError, type PdfOptions } from "./pdf.ts";
export { documentsFromDocx, type DocxOptions } from "./docx.ts";
export { documentsFromEpub, type EpubOptions } from "./epub.ts";
export { MAX_INFLATED_BYTES, ZipError, type ZipLimits, ZipReader } from "./zip.ts";
