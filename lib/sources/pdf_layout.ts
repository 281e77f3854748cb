/**
 * Reading order for one PDF page, from positioned text runs to paragraphs. PDFs hold
 * glyph runs at coordinates, not text: runs on one baseline are joined into lines, a line
 * is split where a gap wider than an em opens (a column gutter or a table cell), the
 * fragments are put in reading order — column by column when the page has a gutter, with
 * full-width blocks (titles, figures) between the column bands — and consecutive lines
 * become paragraphs, de-hyphenated. Pure functions over plain data, so they are tested
 * without a PDF.
 *
 * @module
 */

/** A run of text as a PDF places it; `y` is the baseline measured from the page top. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
}

/** Part of one line: the runs between two wide gaps. */
export interface LineFragment {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, from the page top. */
  y: number;
  size: number;
}

/** Consecutive lines of one size that read as one block. */
export interface Paragraph {
  text: string;
  size: number;
  /** Top of the first line. */
  y: number;
  lines: number;
}

/** A gap wider than this many ems splits a line into fragments. */
const FRAGMENT_GAP_EMS = 1.2;
/** A fragment wider than this share of the text area cannot lie within one column. */
const WIDE_SHARE = 0.6;

const median = (values: number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Superscript footnote markers: digits or daggers, small, raised above their line. */
function isFootnoteMarker(run: TextRun, lineSize: number, lineY: number): boolean {
  return run.size < lineSize * 0.8 && run.y < lineY - run.size * 0.2 &&
    /^[\d*†‡]{1,3}$/.test(run.text.trim());
}

/** Joins runs of one line left to right, with a space where the PDF left a gap. */
function joinRuns(runs: TextRun[]): string {
  let text = "";
  let end = -Infinity;
  for (const run of runs) {
    const gap = run.x - end;
    if (text && gap > run.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(run.text)) text += " ";
    text += run.text;
    end = Math.max(end, run.x + run.width);
  }
  return text.replace(/\s+/g, " ").trim();
}

/** Groups runs into baselines, then cuts each at wide gaps; footnote markers dropped. */
export function lineFragments(runs: TextRun[]): LineFragment[] {
  const sorted = runs.filter((r) => r.text.trim() !== "").sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: TextRun[][] = [];
  for (const run of sorted) {
    const line = lines.at(-1);
    const anchor = line?.find((r) => r.size >= run.size) ?? line?.[0];
    if (line && anchor && Math.abs(run.y - anchor.y) < Math.max(anchor.size, run.size) * 0.5) {
      line.push(run);
    } else lines.push([run]);
  }
  const fragments: LineFragment[] = [];
  for (const line of lines) {
    const size = Math.max(...line.map((r) => r.size));
    const base = line.find((r) => r.size === size)!.y;
    const kept = line.filter((r) => !isFootnoteMarker(r, size, base)).sort((a, b) => a.x - b.x);
    let group: TextRun[] = [];
    const flush = () => {
      const text = joinRuns(group);
      if (text) {
        const x1 = Math.max(...group.map((r) => r.x + r.width));
        fragments.push({ text, x0: group[0].x, x1, y: base, size });
      }
      group = [];
    };
    let end = -Infinity;
    for (const run of kept) {
      if (group.length > 0 && run.x - end > size * FRAGMENT_GAP_EMS) flush();
      group.push(run);
      end = Math.max(end, run.x + run.width);
    }
    flush();
  }
  return fragments;
}

/** The x of a column gutter among `fragments`, or null when they form one column. */
export function findGutter(fragments: LineFragment[]): number | null {
  if (fragments.length < 6) return null;
  const left = Math.min(...fragments.map((f) => f.x0));
  const right = Math.max(...fragments.map((f) => f.x1));
  const width = right - left;
  if (width <= 0) return null;
  const candidates = new Set(fragments.flatMap((f) => [f.x1 + 0.5, f.x0 - 0.5]));
  let best: { x: number; score: number } | null = null;
  for (const x of candidates) {
    if (x < left + width * 0.2 || x > left + width * 0.8) continue;
    const lefts = fragments.filter((f) => f.x1 <= x);
    const rights = fragments.filter((f) => f.x0 >= x);
    const crossing = fragments.length - lefts.length - rights.length;
    if (lefts.length < 3 || rights.length < 3) continue;
    if (crossing > (lefts.length + rights.length) * 0.25) continue;
    // Columns of prose are wide; the cells of a table are not.
    const meanWidth = (fs: LineFragment[]) => fs.reduce((s, f) => s + f.x1 - f.x0, 0) / fs.length;
    if (meanWidth(lefts) < width * 0.25 || meanWidth(rights) < width * 0.25) continue;
    const score = Math.min(lefts.length, rights.length) - crossing;
    if (!best || score > best.score) best = { x, score };
  }
  return best?.x ?? null;
}

/**
 * Fragments in reading order. With a gutter, the page is read in bands: each run of
 * fragments that stay on one side is read left column first, then right (each side
 * ordered the same way, so three columns work too); a fragment across the gutter (a
 * title, a wide figure caption) is read where it stands.
 */
export function readingOrder(fragments: LineFragment[], depth = 0): LineFragment[] {
  if (fragments.length < 2) return fragments;
  const byPosition = [...fragments].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const area = Math.max(...fragments.map((f) => f.x1)) - Math.min(...fragments.map((f) => f.x0));
  const narrow = byPosition.filter((f) => f.x1 - f.x0 <= area * WIDE_SHARE);
  const gutter = depth < 3 ? findGutter(narrow.length >= 6 ? narrow : byPosition) : null;
  if (gutter === null) return byPosition;
  const out: LineFragment[] = [];
  let band: LineFragment[] = [];
  const flush = () => {
    const lefts = band.filter((f) => f.x1 <= gutter);
    const rights = band.filter((f) => f.x1 > gutter);
    out.push(...readingOrder(lefts, depth + 1), ...readingOrder(rights, depth + 1));
    band = [];
  };
  for (const f of byPosition) {
    if (f.x0 < gutter && f.x1 > gutter) {
      flush();
      out.push(f);
    } else band.push(f);
  }
  flush();
  return out;
}

/** Whether `text` ends a sentence (so a new line after a gap starts a paragraph). */
const endsSentence = (text: string) => /[.!?:;"”’)\]]$/.test(text);

/** Joins a line to the paragraph before it, mending words hyphenated at the line end. */
function joinLine(paragraph: string, line: string): string {
  if (/\p{L}-$/u.test(paragraph) && /^\p{Ll}/u.test(line)) return paragraph.slice(0, -1) + line;
  return `${paragraph} ${line}`;
}

/**
 * Paragraphs from fragments in reading order. A new paragraph starts at a change of font
 * size, a vertical gap wider than the page's usual line spacing, a jump back up (a new
 * column) after a finished sentence, or — on left-aligned pages — an indented first line.
 */
export function paragraphs(ordered: LineFragment[]): Paragraph[] {
  const steps: number[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const d = ordered[i].y - ordered[i - 1].y;
    if (d > 0 && Math.abs(ordered[i].size - ordered[i - 1].size) < 0.5) steps.push(d);
  }
  const spacing = median(steps) || (ordered[0]?.size ?? 10) * 1.2;
  const leftEdge = median(ordered.map((f) => Math.round(f.x0)));
  const aligned = ordered.filter((f) => Math.abs(f.x0 - leftEdge) < 2).length >= ordered.length / 2;
  const out: Paragraph[] = [];
  let current: Paragraph | null = null;
  let prev: LineFragment | null = null;
  for (const f of ordered) {
    const step = prev ? f.y - prev.y : 0;
    const breaks = !current || !prev ||
      Math.abs(f.size - prev.size) > Math.max(0.5, prev.size * 0.1) ||
      step > spacing * 1.3 + 0.5 ||
      (step < 0 && endsSentence(current.text)) ||
      (aligned && step > 0 && f.x0 > prev.x0 + f.size * 0.8 && endsSentence(current.text));
    if (breaks) {
      current = { text: f.text, size: f.size, y: f.y - f.size, lines: 1 };
      out.push(current);
    } else {
      current!.text = joinLine(current!.text, f.text);
      current!.lines++;
    }
    prev = f;
  }
  return out;
}
