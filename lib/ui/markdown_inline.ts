/**
 * Inline Markdown: code spans, emphasis, strikethrough, links, autolinks, citations,
 * entities and hard breaks, parsed into a tiny tree of plain data. Nothing here ever
 * produces markup: raw HTML stays text, and every link destination passes
 * {@linkcode safeHref} before it can become an `href`.
 *
 * @module
 */

import { NAMED_ENTITIES as NAMED } from "./html_entities.ts";

/** One inline node; a string is literal text. */
export type Inline =
  | string
  | { t: "code"; text: string }
  | { t: "em" | "strong" | "del"; c: Inline[] }
  | { t: "link"; href: string | null; c: Inline[] }
  | { t: "cite"; n: number }
  | { t: "br" };

const MAX_DEPTH = 12;
const PUNCT = /[!-/:-@[-`{-~]/;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/y;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^\s<>]+)>/y;
const BARE_URL = /https?:\/\/[^\s<>"]+/y;
const CITE_LABEL = /^\d{1,3}(?:\s*,\s*\d{1,3})*$/;

/**
 * The URL to use for a link destination, or null when it is not safe: only
 * `http:`, `https:`, `mailto:`, relative URLs and `#anchors` pass. Control characters
 * and whitespace browsers ignore inside a scheme (`java\tscript:`) are seen through.
 */
export function safeHref(url: string): string | null {
  const href = url.trim();
  // deno-lint-ignore no-control-regex
  const probe = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  if (!probe) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(probe);
  if (scheme) return /^(https?|mailto)$/.test(scheme[1]) ? href : null;
  // A colon before any / ? # would make some parsers read a scheme: refuse it.
  return /^[^/?#]*:/.test(probe) ? null : href;
}

/** Decodes one entity at `i`, or returns null when there is none. */
function entityAt(s: string, i: number): { text: string; end: number } | null {
  ENTITY.lastIndex = i;
  const m = ENTITY.exec(s);
  if (!m) return null;
  let text: string | undefined;
  if (m[3]) text = NAMED[m[3]];
  else {
    const code = m[1] ? parseInt(m[1], 10) : parseInt(m[2], 16);
    const ok = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    text = ok ? String.fromCodePoint(code) : "\ufffd";
  }
  return text === undefined ? null : { text, end: ENTITY.lastIndex };
}

/** Decodes backslash escapes and entities (as in link destinations). */
export function decodeText(s: string): string {
  let out = "";
  for (let i = 0; i < s.length;) {
    if (s[i] === "\\" && PUNCT.test(s[i + 1] ?? "")) {
      out += s[i + 1];
      i += 2;
      continue;
    }
    const e = s[i] === "&" ? entityAt(s, i) : null;
    if (e) {
      out += e.text;
      i = e.end;
    } else out += s[i++];
  }
  return out;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function runLength(s: string, i: number): number {
  let j = i;
  while (s[j] === s[i]) j++;
  return j - i;
}

/** Per-parse memo of searches that failed, so hostile input stays linear-ish. */
interface Scan {
  noCloser: Map<string, number>;
  noCode: Map<number, number>;
}

/** End of the code span opening at `i` (a backtick run), or -1. */
function codeSpanEnd(s: string, i: number, n: number, scan: Scan): number {
  if ((scan.noCode.get(n) ?? Infinity) <= i) return -1;
  for (let j = s.indexOf("`", i + n); j !== -1; j = s.indexOf("`", j)) {
    const m = runLength(s, j);
    if (m === n) return j;
    j += m;
  }
  scan.noCode.set(n, i);
  return -1;
}

/** Start of the `k` closing delimiter chars matching an opener before `from`, or -1. */
function findCloser(s: string, from: number, c: string, k: number, scan: Scan): number {
  const key = c + k;
  if ((scan.noCloser.get(key) ?? Infinity) <= from) return -1;
  for (let p = from; p < s.length;) {
    const ch = s[p];
    if (ch === "\\") p += 2;
    else if (ch === "`") {
      const n = runLength(s, p);
      const end = codeSpanEnd(s, p, n, scan);
      p = end === -1 ? p + n : end + n;
    } else if (ch === c) {
      const m = runLength(s, p);
      const canClose = !isSpace(s[p - 1]) && (c !== "_" || !isWord(s[p + m]));
      if (canClose && (m === k || (m >= 3 && m > k && c !== "~"))) return p + m - k;
      p += m;
    } else p++;
  }
  scan.noCloser.set(key, from);
  return -1;
}

/** Finds the `]` closing the bracket at `i`, honouring nesting and escapes. */
function closingBracket(s: string, i: number): number {
  let depth = 0;
  for (let p = i; p < s.length; p++) {
    if (s[p] === "\\") p++;
    else if (s[p] === "[") depth++;
    else if (s[p] === "]" && --depth === 0) return p;
  }
  return -1;
}

/** Parses `(dest "title")` at `i`; returns the raw destination and the end. */
function linkTail(s: string, i: number): { dest: string; end: number } | null {
  const m =
    /\(\s*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)/y;
  m.lastIndex = i;
  const r = m.exec(s);
  return r ? { dest: r[1] ?? r[2] ?? "", end: m.lastIndex } : null;
}

/** Parses inline Markdown into {@linkcode Inline} nodes. */
export function parseInline(s: string, depth = 0, inLink = false): Inline[] {
  if (depth > MAX_DEPTH) return [s];
  const scan: Scan = { noCloser: new Map(), noCode: new Map() };
  const out: Inline[] = [];
  let text = "";
  const push = (node: Inline) => {
    if (text) out.push(text);
    text = "";
    out.push(node);
  };
  for (let i = 0; i < s.length;) {
    const ch = s[i];
    if (ch === "\\") {
      const next = s[i + 1];
      if (next === "\n") {
        push({ t: "br" });
        i += 2;
      } else if (next !== undefined && PUNCT.test(next)) {
        text += next;
        i += 2;
      } else text += s[i++];
      continue;
    }
    if (ch === "`") {
      const n = runLength(s, i);
      const end = codeSpanEnd(s, i, n, scan);
      if (end === -1) {
        text += s.slice(i, i + n);
        i += n;
        continue;
      }
      let code = s.slice(i + n, end).replace(/\n/g, " ");
      if (/^ .*[^ ].* $/.test(code) || /^ [^ ] $/.test(code)) code = code.slice(1, -1);
      push({ t: "code", text: code });
      i = end + n;
      continue;
    }
    if (ch === "&") {
      const e = entityAt(s, i);
      if (e) {
        text += e.text;
        i = e.end;
        continue;
      }
    }
    if (ch === "<" && !inLink) {
      AUTOLINK.lastIndex = i;
      const m = AUTOLINK.exec(s);
      if (m) {
        push({ t: "link", href: safeHref(m[1]), c: [m[1]] });
        i = AUTOLINK.lastIndex;
        continue;
      }
    }
    if ((ch === "[" || (ch === "!" && s[i + 1] === "[")) && !inLink) {
      const open = ch === "!" ? i + 1 : i;
      const close = closingBracket(s, open);
      if (close !== -1) {
        const label = s.slice(open + 1, close);
        if (ch === "[" && CITE_LABEL.test(label) && s[close + 1] !== "(") {
          for (const n of label.split(",")) push({ t: "cite", n: Number(n.trim()) });
          i = close + 1;
          continue;
        }
        const tail = s[close + 1] === "(" ? linkTail(s, close + 1) : null;
        if (tail) {
          const href = safeHref(decodeText(tail.dest));
          const c = ch === "!"
            ? [decodeText(label) || "image"]
            : parseInline(label, depth + 1, true);
          push({ t: "link", href, c });
          i = tail.end;
          continue;
        }
      }
    }
    if (ch === "*" || ch === "_" || ch === "~") {
      const end = emphasis(s, i, depth, inLink, scan, push);
      if (end > i) {
        i = end;
        continue;
      }
      const n = runLength(s, i);
      text += s.slice(i, i + n);
      i += n;
      continue;
    }
    if (ch === "h" && !inLink && (i === 0 || /[\s(]/.test(s[i - 1]))) {
      BARE_URL.lastIndex = i;
      const m = BARE_URL.exec(s);
      if (m) {
        let url = m[0].replace(/[.,:;!?'*_~]+$/, "");
        if (url.endsWith(")") && !url.includes("(")) url = url.slice(0, -1);
        push({ t: "link", href: safeHref(url), c: [url] });
        i += url.length;
        continue;
      }
    }
    if (ch === "\n") {
      const hard = / {2,}$/.test(text);
      text = text.replace(/ +$/, "");
      if (hard) push({ t: "br" });
      else text += "\n";
      i++;
      continue;
    }
    text += ch;
    i++;
  }
  if (text) out.push(text);
  return out;
}

/**
 * Emphasis (`*`, `_`), strong (`**`, `__`) and strikethrough (`~~`) opening at `i`.
 * Returns the index after the closer, or `i` when the run opens nothing.
 */
function emphasis(
  s: string,
  i: number,
  depth: number,
  inLink: boolean,
  scan: Scan,
  push: (node: Inline) => void,
): number {
  const c = s[i];
  const n = runLength(s, i);
  const canOpen = !isSpace(s[i + n]) && (c !== "_" || !isWord(s[i - 1]));
  if (!canOpen) return i;
  const tries = c === "~" ? (n === 2 ? [2] : []) : n >= 3 ? [3, 1, 2] : n === 2 ? [2, 1] : [1];
  for (const k of tries) {
    const close = findCloser(s, i + n, c, k, scan);
    if (close === -1) continue;
    const inner = parseInline(s.slice(i + k, close), depth + 1, inLink);
    const node: Inline = c === "~"
      ? { t: "del", c: inner }
      : k === 3
      ? { t: "em", c: [{ t: "strong", c: inner }] }
      : { t: k === 2 ? "strong" : "em", c: inner };
    push(node);
    return close + k;
  }
  return i;
}
