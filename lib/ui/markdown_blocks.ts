/**
 * Block Markdown: headings, paragraphs, fenced code, lists, block quotes, rules and
 * GFM tables, parsed line by line into plain data. Lenient where model output is
 * sloppy (lists without a blank line before them, unclosed fences while streaming).
 *
 * @module
 */

/** Column alignment of a table. */
export type Align = "" | "left" | "center" | "right";

/** One block; inline text is kept raw for the inline parser. */
export type Block =
  | { t: "p"; text: string }
  | { t: "h"; level: number; text: string }
  | { t: "code"; lang: string; text: string }
  | { t: "hr" }
  | { t: "quote"; c: Block[] }
  | { t: "list"; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { t: "table"; align: Align[]; head: string[]; rows: string[][] };

const MAX_DEPTH = 8;
const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( *)([-+*]|\d{1,9}[.)])(?:( +)(.*))?$/;
const DELIMITER = /^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Whether `line` starts a block that interrupts a paragraph. */
function interrupts(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const m = ITEM.exec(line);
  return !!m && m[1].length < 4 && !!m[4]?.trim() && (/^[-+*]$/.test(m[2]) || /^1\D/.test(m[2]));
}

/** Splits a table row into trimmed cells (unescaped `|` separate cells). */
export function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith("|")) row = row.slice(1);
  if (row.endsWith("|") && !row.endsWith("\\|")) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

function isTableStart(lines: string[], i: number): boolean {
  const next = lines[i + 1];
  return lines[i].includes("|") && next !== undefined && DELIMITER.test(next) &&
    next.includes("-") && splitRow(lines[i]).length === splitRow(next).length;
}

/** Parses Markdown source into blocks. */
export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n")
    .map((line) => line.replace(/^\t+/, (tabs) => "    ".repeat(tabs.length)));
  return parseLines(lines, 0);
}

function parseLines(lines: string[], depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = FENCE.exec(line))) {
      const [, indent, fence] = m;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const l = lines[i];
        const closing = l.trim();
        if (
          indentOf(l) < 4 && closing.startsWith(fence) &&
          closing === fence[0].repeat(closing.length)
        ) {
          i++;
          break;
        }
        body.push(l.slice(Math.min(indent.length, indentOf(l))));
        i++;
      }
      out.push({ t: "code", lang: m[3], text: body.join("\n") });
    } else if ((m = HEADING.exec(line))) {
      out.push({ t: "h", level: m[1].length, text: m[2] ?? "" });
      i++;
    } else if (RULE.test(line)) {
      out.push({ t: "hr" });
      i++;
    } else if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && lines[i].trim()) {
        const l = lines[i];
        if (QUOTE.test(l)) body.push(l.replace(QUOTE, ""));
        else if (!interrupts(l)) body.push(l);
        else break;
        i++;
      }
      out.push({ t: "quote", c: parseLines(body, depth + 1) });
    } else if (depth < MAX_DEPTH && (m = ITEM.exec(line)) && m[1].length < 4) {
      const list = parseList(lines, i, depth);
      out.push(list.block);
      i = list.next;
    } else if (isTableStart(lines, i)) {
      const head = splitRow(line);
      const align = splitRow(lines[i + 1]).map((d): Align =>
        d.startsWith(":") ? (d.endsWith(":") ? "center" : "left") : d.endsWith(":") ? "right" : ""
      );
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i].trim() && !interrupts(lines[i])) {
        const cells = splitRow(lines[i]);
        rows.push(head.map((_, col) => cells[col] ?? ""));
        i++;
      }
      out.push({ t: "table", align, head, rows });
    } else {
      const body = [line.trimStart()];
      i++;
      while (
        i < lines.length && lines[i].trim() && !interrupts(lines[i]) && !isTableStart(lines, i)
      ) {
        body.push(lines[i].trimStart());
        i++;
      }
      out.push({ t: "p", text: body.join("\n").trimEnd() });
    }
  }
  return out;
}

/** A list starting at line `i`: items continue on deeper-indented or lazy lines. */
function parseList(lines: string[], i: number, depth: number): { block: Block; next: number } {
  const first = ITEM.exec(lines[i])!;
  const ordered = /\d/.test(first[2]);
  const marker = first[2].slice(-1);
  const base = first[1].length;
  const items: string[][] = [];
  let current: string[] = [];
  let contentIndent = 0;
  let blank = false;
  let tight = true;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) {
      blank = true;
      current.push("");
      continue;
    }
    const indent = indentOf(line);
    const m = ITEM.exec(line);
    if (
      m && indent <= base + 1 && (ordered ? /\d/.test(m[2]) : !/\d/.test(m[2])) &&
      m[2].slice(-1) === marker
    ) {
      if (blank && items.length) tight = false;
      const gap = m[3]?.length ?? 1;
      contentIndent = indent + m[2].length + (gap > 4 ? 1 : gap);
      current = [m[4] ?? ""];
      items.push(current);
    } else if (indent > base) {
      if (blank && !ITEM.test(line)) tight = false;
      current.push(line.slice(Math.min(indent, contentIndent)));
    } else if (!blank && !interrupts(line) && !m) {
      current.push(line.trimStart());
    } else break;
    blank = false;
  }
  return {
    block: {
      t: "list",
      ordered,
      start: ordered ? parseInt(first[2], 10) : 1,
      tight,
      items: items.map((item) => parseLines(item, depth + 1)),
    },
    next: i,
  };
}
