/**
 * Markdown passages into plain sentences and facts for the extractive answerer: infobox
 * and table rows become `key: value` facts, prose is split into sentences without
 * breaking after abbreviations, and Markdown syntax and junk lines are dropped.
 *
 * @module
 */
import { splitSentences } from "../text/mod.ts";

/** One candidate line for an answer. */
export interface Sentence {
  /** Plain text, Markdown removed. */
  text: string;
  /** A `key: value` fact (infobox row, table row, bold-key line) rather than prose. */
  fact: boolean;
  /** A list or table kept whole under the line that introduced it. */
  list?: boolean;
}

/**
 * Splits passage Markdown into sentences and facts, in reading order. A list or table
 * introduced by a line ending in a colon, or by a bold caption, also yields one line
 * that keeps it whole: "The five schools: Warding, Mending, Seeing, Kindling, Stilling".
 */
export function passageSentences(markdown: string, lang?: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph: string[] = [];
  let tableHeader: string[] | null = null;
  let inFence = false;
  const list = new ListCollector(out);
  const flush = () => {
    if (paragraph.length === 0) return;
    const text = paragraph.join(" ");
    const sentences = splitProse(text, lang);
    out.push(...sentences);
    list.introduce(text, sentences.at(-1)?.text);
    paragraph = [];
  };
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (/^(```|~~~)/.test(line)) {
      flush();
      list.end();
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (line.startsWith("|") || /^:?-{2,}:?\s*\|/.test(line)) {
      flush();
      const cells = tableCells(line);
      if (cells === null) continue; // separator row
      // A header row labels the columns below; in a two-column table it is often the
      // first fact of an infobox instead, so it is kept as a fact there.
      const isHeader = tableCells(lines[i + 1]?.trim() ?? "") === null;
      if (isHeader) tableHeader = cells;
      else list.add(cells[0]);
      if (isHeader && cells.length !== 2) continue;
      const fact = tableFact(cells, isHeader ? null : tableHeader);
      if (fact) out.push({ text: fact, fact: true });
      continue;
    }
    tableHeader = null;
    if (line === "") {
      flush();
      continue;
    }
    if (/^#{1,6}\s/.test(line) || /^(-{3,}|\*{3,}|_{3,})$/.test(line)) {
      flush();
      list.end();
      continue;
    }
    const item = line.match(/^(?:[-*+]|\d{1,3}[.)])\s+(.*)$/);
    if (!item) list.end();
    else list.add(itemLabel(item[1]));
    const body = item ? item[1] : line.replace(/^>\s?/, "");
    const fact = keyValueFact(body, item !== null);
    if (fact) {
      flush();
      out.push({ text: fact, fact: true });
      continue;
    }
    if (item) {
      flush();
      out.push(...splitProse(body, lang));
      continue;
    }
    paragraph.push(body);
  }
  flush();
  list.end();
  return out.filter((s) => isUsable(s));
}

/** Gathers the items of a list or table that a caption or a colon introduced. */
class ListCollector {
  private intro: string | null = null;
  private items: string[] = [];
  constructor(private readonly out: Sentence[]) {}

  /** A paragraph ended: it introduces a list when it ends with a colon or is all bold. */
  introduce(markdown: string, last: string | undefined) {
    this.end();
    const caption = /^(\*\*|__)[^*_]+\1$/.test(markdown.trim());
    if (last && (caption || /:$/.test(last))) this.intro = last.replace(/:$/, "");
  }

  add(label: string) {
    if (this.intro === null) return;
    const text = plain(label).replace(/[.;:,]+$/, "");
    if (text && this.items.length < MAX_LIST_ITEMS) this.items.push(text);
  }

  end() {
    if (this.intro !== null && this.items.length >= 2) {
      this.out.push({ text: `${this.intro}: ${this.items.join(", ")}.`, fact: false, list: true });
    }
    this.intro = null;
    this.items = [];
  }
}

const MAX_LIST_ITEMS = 12;

/** What a list item is called: its bold lead, or its text up to a dash or a bracket. */
function itemLabel(body: string): string {
  const bold = body.match(/^(?:\*\*|__)(.+?)(?:\*\*|__)/);
  if (bold) return bold[1];
  const cut = plain(body).split(/\s+[—–-]\s+|\s*\(|,\s|:\s|;\s/)[0];
  return cut.split(/\s+/).length <= 8 ? cut : "";
}

/** Cells of a table row, or null for a separator row like `|---|:---:|`. */
function tableCells(line: string): string[] | null {
  if (!line.includes("|")) return [];
  const inner = line.replace(/^\|/, "").replace(/\|$/, "");
  const cells = inner.split("|").map((c) => plain(c));
  if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === "")) {
    return inner.includes("-") ? null : cells;
  }
  return cells;
}

/** A table row as a fact: `key: value`, or `first — header: cell; …` for wider rows. */
function tableFact(cells: string[], header: string[] | null): string | null {
  const filled = cells.filter((c) => c.length > 0);
  if (filled.length < 2) return null;
  if (cells.length === 2) return `${cells[0].replace(/:$/, "")}: ${cells[1]}`;
  const parts = cells.slice(1).map((cell, i) => {
    const label = header?.[i + 1];
    return cell ? (label ? `${label}: ${cell}` : cell) : "";
  }).filter(Boolean);
  return `${cells[0]} — ${parts.join("; ")}`;
}

/**
 * `**Key**: value` lines, and list items `Key: value` with a short key (the fact list a
 * wiki page's infobox becomes: "- borgarstjóri: Jógvan Skorheim"), as infobox facts.
 */
function keyValueFact(line: string, listItem: boolean): string | null {
  const bold = line.match(/^\*\*([^*]{1,40}?)\*\*\s*:\s*(.+)$/) ??
    line.match(/^__([^_]{1,40}?)__\s*:\s*(.+)$/);
  if (bold) return `${plain(bold[1])}: ${plain(bold[2])}`;
  if (!listItem) return null;
  // A key of a few words, without the punctuation of a sentence or a title in brackets.
  const plainKey = line.match(/^([^:,;()[\]*_.!?]{1,40}?)\s*:\s*(\S.*)$/);
  if (!plainKey || plainKey[1].trim().split(/\s+/).length > 3) return null;
  return `${plain(plainKey[1]).trim()}: ${plain(plainKey[2])}`;
}

/**
 * Splits prose into sentences by the analyzer's sentence segmenter (any language; not
 * breaking after abbreviations or initials).
 */
export function splitProse(text: string, lang?: string): Sentence[] {
  return splitSentences(plain(text), lang).map((t) => ({ text: t, fact: false }));
}

/** Markdown inline syntax removed: links keep their text, images, HTML and notes go. */
export function plain(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/\[\d{1,3}\]|\[(?:citation needed|edit)\]/gi, "")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether a line is worth showing: enough words, not just symbols or a bare link list. */
function isUsable(sentence: Sentence): boolean {
  // In unspaced scripts every two characters count as a word.
  const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
  const cjk = sentence.text.match(unspaced)?.length ?? 0;
  const spaced = sentence.text.replace(unspaced, " ").match(/\p{L}[\p{L}\p{N}'’-]*/gu) ?? [];
  const words = { length: spaced.length + Math.floor(cjk / 2) };
  // A fact needs a key and a value: "Population: 9,400" counts, "Notes: —" does not.
  if (sentence.fact) return words.length >= 2 || (words.length === 1 && /\d/.test(sentence.text));
  return words.length >= 3 && /\p{L}/u.test(sentence.text);
}
