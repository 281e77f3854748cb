/**
 * The source reader's view of a page: its archived Markdown cut into the chunks the
 * indexer stored (same chunker, same settings, so `#chunk-<n>` is the cited passage),
 * each without the overlap it repeats from the one before, and — for PDFs — the page
 * each chunk starts on, from the page markers the PDF reader leaves in the Markdown.
 *
 * @module
 */
import { chunkMarkdown } from "../ingest/chunk.ts";
import type { IndexChunkOptions } from "../ingest/index.ts";
import type { ArchivedPage } from "./pages.ts";

/** One passage as the reader shows it. */
export interface ReaderSection {
  position: number;
  heading: string;
  /** The chunk's text without the overlap already shown by the previous section. */
  text: string;
  /** The PDF page the passage is on, when the document is a PDF with page markers. */
  pdfPage: number | null;
}

const PAGE_MARKER = /<!--\s*page[:\s]+(\d+)\s*-->|^#{1,6}\s+page\s+(\d+)\s*$/gim;

/** Whether a page came from a PDF (by its URL or source name). */
export function isPdf(page: Pick<ArchivedPage, "url" | "source">): boolean {
  return /\.pdf(?:$|[?#])/i.test(page.url) || /\.pdf(?::\d+)?$/i.test(page.source);
}

/** Drops the start of `text` that repeats the end of `previous` (the chunk overlap). */
export function withoutOverlap(previous: string, text: string, maxOverlap: number): string {
  const limit = Math.min(previous.length, text.length, maxOverlap * 2 + 64);
  for (let k = limit; k >= 12; k--) {
    if (text.startsWith(previous.slice(previous.length - k))) return text.slice(k).trimStart();
  }
  return text;
}

/** The PDF page in force at each offset of `markdown`: a sorted list of (offset, page). */
function pageMarks(markdown: string): { at: number; page: number }[] {
  const marks: { at: number; page: number }[] = [];
  for (const m of markdown.matchAll(PAGE_MARKER)) {
    marks.push({ at: m.index!, page: Number(m[1] ?? m[2]) });
  }
  return marks;
}

/** The page's sections, in order. */
export function readerSections(
  page: ArchivedPage,
  chunkOptions: IndexChunkOptions,
): ReaderSection[] {
  const chunks = chunkMarkdown(page.markdown, {
    ...chunkOptions,
    documentId: page.documentId,
    title: page.title,
    url: page.url,
  });
  const marks = isPdf(page) ? pageMarks(page.markdown) : [];
  let searchFrom = 0;
  return chunks.map((chunk, i) => {
    let pdfPage: number | null = null;
    if (marks.length > 0) {
      const probe = chunk.text.slice(0, 40);
      const at = page.markdown.indexOf(probe, searchFrom);
      if (at >= 0) searchFrom = at;
      const where = at >= 0 ? at : searchFrom;
      pdfPage = marks.filter((m) => m.at <= where).at(-1)?.page ?? marks[0].page;
    }
    const text = i === 0
      ? chunk.text
      : withoutOverlap(chunks[i - 1].text, chunk.text, chunkOptions.overlap);
    return { position: chunk.position, heading: chunk.heading, text, pdfPage };
  });
}
