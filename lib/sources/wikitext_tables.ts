/**
 * Wikitext tables (`{| … |}`) → Markdown tables. Cell attributes, row spans and styles
 * are dropped; a nested table is flattened into its cell; the caption becomes a line
 * above the table.
 *
 * @module
 */
import { collapseSpaces } from "./wikitext_inline.ts";

interface Cell {
  text: string;
  header: boolean;
}

/** `style="…" | content` → `content`: drops a cell's leading attribute list. */
function cellContent(raw: string): string {
  const bar = raw.indexOf("|");
  if (bar < 0 || raw[bar + 1] === "|") return raw;
  const before = raw.slice(0, bar);
  if (before.includes("[[")) return raw;
  return /^\s*(?:[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s|]+)\s*)+$/.test(before)
    ? raw.slice(bar + 1)
    : raw;
}

function splitCells(line: string, header: boolean): Cell[] {
  const parts = header ? line.split(/!!|\|\|/) : line.split("||");
  return parts.map((p) => ({ text: cellContent(p), header }));
}

/** Rows and caption of one table's inner lines. */
function parseRows(lines: string[]): { rows: Cell[][]; caption: string } {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let caption = "";
  for (const line of lines) {
    const t = line.trimStart();
    if (t.startsWith("|+")) caption = cellContent(t.slice(2)).trim();
    else if (t.startsWith("|-")) {
      if (row.length > 0) rows.push(row);
      row = [];
    } else if (t.startsWith("!")) row.push(...splitCells(t.slice(1), true));
    else if (t.startsWith("|")) row.push(...splitCells(t.slice(1), false));
    else if (row.length > 0) row[row.length - 1].text += `\n${line}`;
    else if (t && !caption) caption = t;
  }
  if (row.length > 0) rows.push(row);
  return { rows, caption };
}

/** How the converter renders a cell's wikitext as one line of text. */
export type CellText = (wikitext: string) => string;

function markdownRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** One table's inner lines (nested tables already flattened) as Markdown. */
function renderTable(lines: string[], cellText: CellText): string {
  const { rows, caption } = parseRows(lines);
  const texts = rows
    .map((r) => r.map((c) => collapseSpaces(cellText(c.text)).replaceAll("|", "\\|")))
    .filter((r) => r.some((c) => c !== ""));
  const out: string[] = [];
  const title = caption ? collapseSpaces(cellText(caption)) : "";
  if (title) out.push(title, "");
  if (texts.length === 0) return out.join("\n");
  const width = Math.max(...texts.map((r) => r.length));
  const pad = (r: string[]) => [...r, ...Array(width - r.length).fill("")];
  const headerIsFirst = rows[0]?.every((c) => c.header) ?? false;
  const [head, ...body] = headerIsFirst || texts.length > 1
    ? texts
    : [Array(width).fill(""), ...texts];
  out.push(markdownRow(pad(head)), markdownRow(Array(width).fill("---")));
  for (const r of body) out.push(markdownRow(pad(r)));
  return out.join("\n");
}

/**
 * Every table in `text` replaced by a Markdown table, set off by blank lines. A table
 * nested in another's cell (game logs in a collapsible frame, say) is rendered as a
 * table of its own after its parent. Lines of an unterminated table run to the end.
 */
export function convertTables(text: string, cellText: CellText): string {
  if (!text.includes("{|")) return text;
  const lines = text.split("\n");
  const out: string[] = [];
  // Stack of open tables, each collecting its inner lines.
  const open: string[][] = [];
  // Nested tables, rendered, waiting for their outermost table to close.
  let nested: string[] = [];
  const close = () => {
    const inner = open.pop()!;
    const rendered = renderTable(inner, cellText);
    if (open.length > 0) {
      nested.push(rendered);
      return;
    }
    out.push("", rendered, "");
    for (const table of nested) out.push(table, "");
    nested = [];
  };
  for (const line of lines) {
    const t = line.trimStart();
    if (t.startsWith("{|")) {
      open.push([]);
      continue;
    }
    if (open.length === 0) {
      out.push(line);
      continue;
    }
    if (t.startsWith("|}")) {
      close();
      continue;
    }
    open[open.length - 1].push(line);
  }
  while (open.length > 0) close();
  return out.join("\n");
}
