/**
 * Tables to Markdown: data tables as GFM tables, two-column fact tables (wiki infoboxes)
 * as `**key**: value` lines, and layout tables as the plain blocks of their cells.
 *
 * @module
 */

import type { MarkdownWriter } from "./markdown.ts";

const MAX_SPAN = 50;
const MAX_COLUMNS = 64;
const TABLE_PARTS = new Set([
  "caption",
  "colgroup",
  "col",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
]);
const LAYOUT_BLOCKS = "p, div, ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, table";

/** Renders a `<table>` in whichever form reads best; returns "" for an empty table. */
export function renderTable(table: Element, writer: MarkdownWriter): string {
  const rows = ownRows(table);
  const caption = table.querySelector("caption");
  const captionText = caption ? writer.inlineChildren(caption).replace(/\s+/g, " ").trim() : "";
  let body: string;
  if (rows.length === 0 || isLayoutTable(table, rows)) {
    // Read it as the page did: the blocks of its cells, in order.
    const out: string[] = [];
    for (let child = table.firstElementChild; child; child = child.nextElementSibling) {
      if (child.localName !== "caption") writer.block(child, out);
    }
    body = out.join("\n\n");
  } else {
    const grid = toGrid(rows, writer);
    body = isFactTable(rows, grid) ? factLines(grid) : gfm(grid);
  }
  return captionText && body ? `**${captionText}**\n\n${body}` : body;
}

/**
 * Whether a table holds data worth keeping as it is (facts, figures): at least two rows
 * of two or more cells, not a layout table, and not mostly links (a navbox).
 */
export function isDataTable(table: Element): boolean {
  const rows = ownRows(table);
  if (rows.filter((r) => r.length >= 2).length < 2 || isLayoutTable(table, rows)) return false;
  const text = squash(table.textContent ?? "").length;
  let links = 0;
  for (const a of table.querySelectorAll("a")) links += squash(a.textContent ?? "").length;
  return text > 0 && links / text <= 0.5;
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Rows that belong to this table (not to tables nested in its cells), as lists of cells. */
function ownRows(table: Element): Element[][] {
  const rows: Element[][] = [];
  const addRow = (tr: Element) => {
    const cells = [...tr.children].filter((c) => c.localName === "td" || c.localName === "th");
    if (cells.length) rows.push(cells);
  };
  const loose = [...table.children].filter((c) => c.localName === "td" || c.localName === "th");
  if (loose.length) rows.push(loose);
  for (const child of table.children) {
    if (child.localName === "tr") addRow(child);
    else if (/^t(head|body|foot)$/.test(child.localName)) {
      for (const tr of child.children) if (tr.localName === "tr") addRow(tr);
    }
  }
  return rows;
}

/** A table used for page layout: nested tables, one column, or cells holding prose. */
function isLayoutTable(table: Element, rows: Element[][]): boolean {
  if (table.querySelector("table")) return true;
  const stray = [...table.children].some((c) => !TABLE_PARTS.has(c.localName));
  if (stray) return true;
  const columns = Math.max(...rows.map((r) => r.length));
  if (columns <= 1) return true;
  if (rows.length === 1 && (table.textContent ?? "").length > 200) return true;
  return rows.some((row) =>
    row.some((cell) => (cell.textContent ?? "").length > 400 && cell.querySelector(LAYOUT_BLOCKS))
  );
}

interface Grid {
  cells: string[][];
  header: boolean[];
  keyCells: boolean[][];
}

/** Expands row and column spans into a rectangular grid of inline cell texts. */
function toGrid(rows: Element[][], writer: MarkdownWriter): Grid {
  const cells: string[][] = [];
  const keyCells: boolean[][] = [];
  const header: boolean[] = [];
  // How many more rows each column is covered by a rowspan from a row above.
  const spanLeft: number[] = [];
  rows.forEach((row, r) => {
    const line: string[] = [];
    const keys: boolean[] = [];
    const newSpans = new Map<number, number>();
    let col = 0;
    const skipCovered = () => {
      while (col < MAX_COLUMNS && (spanLeft[col] ?? 0) > 0 && !newSpans.has(col)) {
        line[col] = "";
        keys[col] = false;
        spanLeft[col]--;
        col++;
      }
    };
    for (const cell of row) {
      skipCovered();
      const text = cellText(cell, writer);
      const colspan = clampSpan(cell.getAttribute("colspan"));
      const rowspan = clampSpan(cell.getAttribute("rowspan"));
      for (let i = 0; i < colspan && col < MAX_COLUMNS; i++, col++) {
        line[col] = i === 0 ? text : "";
        keys[col] = cell.localName === "th";
        if (rowspan > 1) newSpans.set(col, rowspan - 1);
      }
    }
    skipCovered();
    for (const [c, left] of newSpans) spanLeft[c] = left;
    cells.push(Array.from(line, (c) => c ?? ""));
    keyCells.push(Array.from(keys, (k) => k ?? false));
    header.push(
      r === 0 && row.every((c) => c.localName === "th" || c.parentElement?.localName === "thead"),
    );
  });
  return { cells, header, keyCells };
}

function clampSpan(value: string | null): number {
  const n = Number.parseInt(value ?? "1", 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/** Text of one cell on one line: list items and line breaks become "; ". */
function cellText(cell: Element, writer: MarkdownWriter): string {
  const out: string[] = [];
  writer.blocks(cell, out);
  return out.join("\n").split("\n").map((l) => l.replace(/^\s*(?:[-*+]|\d+\.)\s+/, "").trim())
    .filter(Boolean).join("; ");
}

/** Two-column fact tables with no header row: key cells (often `<th>`) beside values. */
function isFactTable(rows: Element[][], grid: Grid): boolean {
  if (grid.header[0] && rows[0].length >= 2) return false;
  let pairs = 0, keyed = 0;
  for (let r = 0; r < rows.length; r++) {
    const filled = grid.cells[r].filter((c) => c.trim()).length;
    if (filled > 2) return false;
    if (rows[r].length === 2) {
      pairs++;
      if (grid.keyCells[r][0] && !grid.keyCells[r][1]) keyed++;
    }
  }
  return pairs >= 2 && (keyed * 2 >= pairs || rows.every((row) => row.length <= 2));
}

function factLines(grid: Grid): string {
  const lines: string[] = [];
  for (const row of grid.cells) {
    const filled = row.filter((c) => c.trim());
    if (filled.length === 2) lines.push(`- **${filled[0].replace(/\*\*/g, "")}**: ${filled[1]}`);
    else if (filled.length === 1) {
      if (lines.length) lines.push("");
      const text = filled[0];
      lines.push(text.includes("![") ? text : `**${text.replace(/\*\*/g, "")}**`, "");
    }
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

function gfm(grid: Grid): string {
  const width = Math.max(...grid.cells.map((r) => r.length));
  const row = (cells: string[]) =>
    `| ${
      Array.from({ length: width }, (_, i) => (cells[i] ?? "").replace(/\|/g, "\\|")).join(" | ")
    } |`;
  const [first, ...rest] = grid.cells;
  const lines = [row(first), `|${" --- |".repeat(width)}`, ...rest.map(row)];
  return lines.join("\n");
}
