/**
 * A small Markdown block reader for the chunker: it splits a document into sections
 * (by ATX and setext headings, ignoring `#` lines inside fenced code) and each section
 * into blocks — paragraphs, lists, tables and fenced code — that the chunker keeps
 * whole when they fit. It is not a full CommonMark parser; it only needs to find the
 * boundaries a reader would not want a chunk to cut across.
 *
 * @module
 */

/** The kinds of block the chunker treats differently. */
export type BlockKind = "heading" | "paragraph" | "list" | "table" | "code";

/** A run of source lines that belong together. */
export interface MarkdownBlock {
  kind: BlockKind;
  /** The block's lines, exactly as in the source (trailing whitespace trimmed). */
  lines: string[];
}

/** The blocks under one heading, with the heading texts above it, outermost first. */
export interface MarkdownSection {
  /** Heading texts from the top level down to this section's own heading. */
  headings: string[];
  blocks: MarkdownBlock[];
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])[ \t]+\S/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const TABLE_ROW = /^ {0,3}\|.*\|[ \t]*$/;
const TABLE_SEPARATOR = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Heading text with inline emphasis markers and trailing colons removed. */
function headingText(raw: string): string {
  return raw.replace(/[*_`]+/g, "").replace(/\s+/g, " ").trim();
}

/** Index of the line closing the fence opened at `start`, or the last line. */
function fenceEnd(lines: string[], start: number): number {
  const open = FENCE_OPEN.exec(lines[start])!;
  const marker = open[1];
  for (let i = start + 1; i < lines.length; i++) {
    if (closesFence(lines[i], marker)) return i;
  }
  return lines.length - 1;
}

/** Whether `line` closes a fence opened with `marker` (same character, at least as long). */
function closesFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= marker.length && trimmed[0] === marker[0] &&
    /^([`~])\1*$/.test(trimmed);
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** Whether `lines[i]` starts a block other than a paragraph. */
function startsOtherBlock(lines: string[], i: number): boolean {
  const line = lines[i];
  return ATX_HEADING.test(line) || FENCE_OPEN.test(line) || LIST_ITEM.test(line) ||
    (TABLE_ROW.test(line) && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1]));
}

/** End (exclusive) of the list starting at `start`: items, their continuations, gaps. */
function listEnd(lines: string[], start: number): number {
  let i = start + 1;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      let j = i;
      while (j < lines.length && isBlank(lines[j])) j++;
      if (j < lines.length && (LIST_ITEM.test(lines[j]) || /^( {2,}|\t)\S/.test(lines[j]))) {
        i = j;
        continue;
      }
      return i;
    }
    if (ATX_HEADING.test(line) || TABLE_ROW.test(line)) return i;
    if (FENCE_OPEN.test(line) && !/^( {2,}|\t)/.test(line)) return i;
    if (FENCE_OPEN.test(line)) {
      i = fenceEnd(lines, i) + 1;
      continue;
    }
    i++;
  }
  return i;
}

/** Splits one section body into blocks. */
function readBlocks(lines: string[]): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    let end: number;
    let kind: BlockKind;
    if (FENCE_OPEN.test(line)) {
      kind = "code";
      end = fenceEnd(lines, i) + 1;
    } else if (TABLE_ROW.test(line)) {
      kind = "table";
      end = i + 1;
      while (end < lines.length && TABLE_ROW.test(lines[end])) end++;
    } else if (THEMATIC_BREAK.test(line)) {
      i++;
      continue;
    } else if (LIST_ITEM.test(line)) {
      kind = "list";
      end = listEnd(lines, i);
    } else {
      kind = "paragraph";
      end = i + 1;
      while (end < lines.length && !isBlank(lines[end]) && !startsOtherBlock(lines, end)) end++;
    }
    const blockLines = lines.slice(i, end).map((l) => l.trimEnd());
    while (blockLines.length > 0 && isBlank(blockLines[blockLines.length - 1])) blockLines.pop();
    blocks.push({ kind, lines: blockLines });
    i = end;
  }
  return blocks;
}

/** Level and text of a heading at `lines[i]`, and how many lines it spans. */
function headingAt(
  lines: string[],
  i: number,
  previousBlank: boolean,
): { level: number; text: string; span: number } | null {
  const atx = ATX_HEADING.exec(lines[i]);
  if (atx) return { level: atx[1].length, text: headingText(atx[2] ?? ""), span: 1 };
  // Setext: a single paragraph line underlined with === (h1) or --- (h2).
  const next = lines[i + 1];
  if (
    previousBlank && next !== undefined && SETEXT_UNDERLINE.test(next) && !isBlank(lines[i]) &&
    !startsOtherBlock(lines, i) && !SETEXT_UNDERLINE.test(lines[i])
  ) {
    return { level: next.trim()[0] === "=" ? 1 : 2, text: headingText(lines[i]), span: 2 };
  }
  return null;
}

/**
 * Splits Markdown into sections by heading. Each section's first block is its heading
 * line (kind `heading`), so chunk text keeps the heading a reader sees. Sections with no
 * body are dropped: their heading still appears in the path of the sections below.
 */
export function readSections(markdown: string): MarkdownSection[] {
  const lines = (markdown.includes("\r") ? markdown.replace(/\r\n?/g, "\n") : markdown).split("\n");
  const sections: MarkdownSection[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: { headings: string[]; heading: string[]; body: string[] } = {
    headings: [],
    heading: [],
    body: [],
  };
  const flush = () => {
    const blocks = readBlocks(current.body);
    if (blocks.length === 0) return;
    const heading: MarkdownBlock[] = current.heading.length > 0
      ? [{ kind: "heading", lines: current.heading }]
      : [];
    sections.push({ headings: current.headings, blocks: [...heading, ...blocks] });
  };
  let i = 0;
  let previousBlank = true;
  while (i < lines.length) {
    if (FENCE_OPEN.test(lines[i])) {
      const end = fenceEnd(lines, i);
      current.body.push(...lines.slice(i, end + 1));
      i = end + 1;
      previousBlank = false;
      continue;
    }
    const heading = headingAt(lines, i, previousBlank);
    if (heading && heading.text !== "") {
      flush();
      while (stack.length > 0 && stack[stack.length - 1].level >= heading.level) stack.pop();
      stack.push({ level: heading.level, text: heading.text });
      current = {
        headings: stack.map((h) => h.text),
        heading: lines.slice(i, i + heading.span).map((l) => l.trimEnd()),
        body: [],
      };
      i += heading.span;
      previousBlank = true;
      continue;
    }
    current.body.push(lines[i]);
    previousBlank = isBlank(lines[i]);
    i++;
  }
  flush();
  return sections;
}

/** Splits a list block into its top-level items (each with its continuation lines). */
export function listItems(block: MarkdownBlock): string[][] {
  const indent = LIST_ITEM.exec(block.lines[0])?.[1].length ?? 0;
  const items: string[][] = [];
  for (const line of block.lines) {
    const item = LIST_ITEM.exec(line);
    if ((item && item[1].length <= indent) || items.length === 0) items.push([line]);
    else items[items.length - 1].push(line);
  }
  return items.map((item) => {
    while (item.length > 0 && isBlank(item[item.length - 1])) item.pop();
    return item;
  });
}

/** The header rows of a table block (header + separator), or [] when it has none. */
export function tableHeader(block: MarkdownBlock): string[] {
  return block.lines.length >= 2 && TABLE_SEPARATOR.test(block.lines[1])
    ? block.lines.slice(0, 2)
    : [];
}

/** The fence lines around a code block: `[open, close]`. */
export function codeFence(block: MarkdownBlock): [string, string] {
  const open = block.lines[0];
  const marker = FENCE_OPEN.exec(open)?.[1] ?? "```";
  const last = block.lines[block.lines.length - 1];
  const closed = block.lines.length > 1 && closesFence(last, marker);
  return [open, closed ? last : marker];
}
