/**
 * From a PDF's pages of positioned text to one Markdown text per page: running headers,
 * footers and page numbers removed (lines at a page's top or bottom that repeat across
 * pages once digits are ignored, and lone numbers there), headings inferred from font
 * size, and a `###### p. N` marker under every heading so each chunk's heading path ends
 * with its page. Pure functions over plain data.
 *
 * @module
 */
import { type LineFragment, type Paragraph, paragraphs, readingOrder } from "./pdf_layout.ts";

/** One page's fragments, as {@linkcode lineFragments} found them. */
export interface PageFragments {
  /** 1-based physical page number (what `#page=N` opens). */
  page: number;
  /** Page height in points. */
  height: number;
  fragments: LineFragment[];
}

/** One page as Markdown, under the headings that were open when it began. */
export interface PageMarkdown {
  page: number;
  markdown: string;
}

/** Headings are levels 1–5; level 6 is kept for the page marker. */
const MAX_HEADING_LEVEL = 5;
const PAGE_NUMBER =
  /^(?:page\s+|p\.\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?(?:\s+of\s+\d{1,4})?$/i;

/** The heading-path marker that ends every section of page `n`. */
export const pageMarker = (n: number): string => `###### p. ${n}`;

/** A line's text with numbers blanked, so "4 FREE CULTURE" and "6 FREE CULTURE" match. */
function runningKey(text: string): string {
  return text.toLowerCase().replace(/\b[ivxlcdm]{1,7}\b|\d+/g, "#").replace(/\s+/g, " ").trim();
}

/** The fragments on a page's first two and last two baselines, in its outer quarters. */
function marginFragments(page: PageFragments): LineFragment[] {
  const baselines = [...new Set(page.fragments.map((f) => f.y))].sort((a, b) => a - b);
  const top = baselines.slice(0, 2).filter((y) => y < page.height * 0.25);
  const bottom = baselines.slice(-2).filter((y) => y > page.height * 0.75);
  const edge = new Set([...top, ...bottom]);
  return page.fragments.filter((f) => edge.has(f.y));
}

/**
 * Pages without their running headers and footers: a margin line whose digit-blind text
 * appears in the margins of several pages (three, or two in a document of two or three
 * pages), and any lone page number in a margin.
 */
export function removeRunningLines(pages: PageFragments[]): PageFragments[] {
  const seen = new Map<string, Set<number>>();
  for (const page of pages) {
    for (const f of marginFragments(page)) {
      const key = runningKey(f.text);
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(page.page);
    }
  }
  const threshold = pages.length >= 4 ? 3 : 2;
  return pages.map((page) => {
    const margin = new Set(marginFragments(page));
    const fragments = page.fragments.filter((f) =>
      !margin.has(f) ||
      !(PAGE_NUMBER.test(f.text.trim()) || (seen.get(runningKey(f.text))?.size ?? 0) >= threshold)
    );
    return { ...page, fragments };
  });
}

/** The body font size: the size that sets the most characters. */
export function bodySize(all: Paragraph[]): number {
  const weight = new Map<number, number>();
  for (const p of all) {
    const size = Math.round(p.size * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + p.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best;
}

/** Heading level by font size: larger type ranks higher; body-sized text is no heading. */
export function headingLevels(all: Paragraph[]): (p: Paragraph) => number {
  const body = bodySize(all);
  // Clearly larger type, or a lone short line set a little larger (a chapter label).
  const isHeading = (p: Paragraph) =>
    /\p{L}/u.test(p.text) && (
      (p.size >= body * 1.15 && p.text.length <= 120 && p.lines <= 3) ||
      (p.size >= body * 1.04 && p.text.length <= 80 && p.lines === 1 && !/[.,;]$/.test(p.text))
    );
  const sizes = [...new Set(all.filter(isHeading).map((p) => Math.round(p.size * 2) / 2))]
    .sort((a, b) => b - a);
  return (p) =>
    isHeading(p) ? Math.min(sizes.indexOf(Math.round(p.size * 2) / 2) + 1, MAX_HEADING_LEVEL) : 0;
}

/** Paragraph text made safe as a Markdown paragraph (no accidental heading). */
const paragraphText = (text: string) => text.replace(/^#/, "\\#");

/**
 * Markdown for every page with text. Each page restates the headings open at its start,
 * so a section that runs over several pages keeps its place in every page's heading path.
 */
export function pagesToMarkdown(pages: PageFragments[]): PageMarkdown[] {
  const cleaned = removeRunningLines(pages);
  const perPage = cleaned.map((p) => paragraphs(readingOrder(p.fragments)));
  const levelOf = headingLevels(perPage.flat());
  const open: { level: number; text: string }[] = [];
  const out: PageMarkdown[] = [];
  cleaned.forEach((page, i) => {
    if (perPage[i].length === 0) return;
    const marker = pageMarker(page.page);
    const blocks = [...open.map((h) => `${"#".repeat(h.level)} ${h.text}`), marker];
    for (const p of perPage[i]) {
      const level = levelOf(p);
      if (level === 0) {
        blocks.push(paragraphText(p.text));
        continue;
      }
      // A title set twice (a cover, then a half-title) is one heading, not two.
      if (open.some((h) => h.text.toLowerCase() === p.text.toLowerCase())) continue;
      while (open.length > 0 && open[open.length - 1].level >= level) open.pop();
      open.push({ level, text: p.text });
      blocks.push(`${"#".repeat(level)} ${p.text}`, marker);
    }
    out.push({ page: page.page, markdown: blocks.join("\n\n") });
  });
  return out;
}
