/**
 * Parses untrusted HTML into a linkedom document with a predictable shape: always an
 * `<html>` with one `<head>` and one `<body>`, no scripts, styles or comments, and no
 * element nested deeper than {@link MAX_DEPTH}, so later recursive passes stay bounded.
 *
 * @module
 */

import { DOMParser } from "linkedom";

/** Deepest element nesting kept; deeper wrappers are unwrapped into their children. */
export const MAX_DEPTH = 200;

/** Pages longer than this are truncated before parsing to bound time and memory. */
export const MAX_HTML_CHARS = 12_000_000;

/** Parses HTML into a document that always has `documentElement`, `head` and `body`. */
export function parseDocument(html: string): Document {
  const source = normalizeHtml(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  const document = new DOMParser().parseFromString(source, "text/html") as unknown as Document;
  boundDepth(document.body);
  return document;
}

/** Elements whose content is not markup; dropped with their content before parsing. */
const RAW_TEXT_OPEN_RE =
  /<(script|style|noscript|template|textarea|xmp|iframe|noembed|noframes|title)\b/gi;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
// Attribute runs are bounded so that hostile input cannot make these regexes quadratic.
const HTML_TAG_RE = /<html\b([^>]{0,4000})>/i;
const HEAD_OPEN_RE = /<head\b[^>]{0,4000}>/i;
const BODY_OPEN_RE = /<body\b([^>]{0,4000})>/i;
const STRAY_STRUCTURE_RE = /<\/?(?:html|head|body)\b[^>]{0,4000}>|<!doctype[^>]{0,4000}>/gi;

/**
 * Rebuilds the page as `<html><head>…</head><body>…</body></html>`. linkedom does not
 * run the HTML tree-construction algorithm, so fragments and documents missing
 * `<html>`, `<head>` or `<body>` would otherwise come out malformed. Runs in linear time.
 */
export function normalizeHtml(html: string): string {
  const { text, title } = stripRawText(html.replace(COMMENT_RE, "").replace(/\0/g, ""));
  const lower = text.toLowerCase();
  const htmlAttrs = text.match(HTML_TAG_RE)?.[1] ?? "";
  let head = "";
  let afterHead = -1;
  const headOpen = HEAD_OPEN_RE.exec(text);
  if (headOpen) {
    const start = headOpen.index + headOpen[0].length;
    const end = lower.indexOf("</head", start);
    if (end >= 0) {
      head = text.slice(start, end);
      afterHead = lower.indexOf(">", end) + 1 || text.length;
    }
  }
  const bodyOpen = BODY_OPEN_RE.exec(text);
  let body: string;
  if (bodyOpen) {
    const start = bodyOpen.index + bodyOpen[0].length;
    const end = lower.lastIndexOf("</body");
    body = text.slice(start, end > start ? end : undefined);
  } else {
    body = afterHead >= 0 ? text.slice(afterHead) : text;
  }
  body = body.replace(STRAY_STRUCTURE_RE, "");
  head = head.replace(STRAY_STRUCTURE_RE, "") + (title ? `<title>${title}</title>` : "");
  return `<!DOCTYPE html><html${htmlAttrs}><head>${head}</head>` +
    `<body${bodyOpen?.[1] ?? ""}>${body}</body></html>`;
}

/**
 * Removes raw-text elements (scripts, styles, …) with their content, scanning forward
 * once; an unclosed one swallows the rest of the page, as it would in a browser. The
 * first `<title>` is taken out too and returned, so its text cannot be mistaken for markup.
 */
function stripRawText(html: string): { text: string; title: string } {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let title = "";
  let from = 0;
  RAW_TEXT_OPEN_RE.lastIndex = 0;
  for (let m = RAW_TEXT_OPEN_RE.exec(html); m; m = RAW_TEXT_OPEN_RE.exec(html)) {
    const name = m[1].toLowerCase();
    const openEnd = lower.indexOf(">", m.index);
    if (openEnd < 0) break;
    const close = lower.indexOf(`</${name}`, openEnd);
    parts.push(html.slice(from, m.index));
    if (name === "title" && !title && close >= 0) title = html.slice(openEnd + 1, close);
    if (close < 0) {
      from = html.length;
      break;
    }
    from = (lower.indexOf(">", close) + 1) || html.length;
    RAW_TEXT_OPEN_RE.lastIndex = from;
  }
  parts.push(html.slice(from));
  return { text: parts.join(""), title: title.replace(/</g, "&lt;") };
}

/** Unwraps elements nested deeper than {@link MAX_DEPTH}, walking without recursion. */
function boundDepth(root: Element | null): void {
  if (!root) return;
  const tooDeep: Element[] = [];
  const stack: Array<[Element, number]> = [[root, 0]];
  while (stack.length) {
    const [element, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) {
      tooDeep.push(element);
      continue;
    }
    for (let child = element.lastElementChild; child; child = child.previousElementSibling) {
      stack.push([child, depth + 1]);
    }
  }
  // Every element below a too-deep one is too deep as well: flatten each subtree in order.
  for (const element of tooDeep) flattenInto(element);
}

/** Replaces an element by the text and leaf elements of its subtree, in document order. */
function flattenInto(element: Element): void {
  const parent = element.parentNode;
  if (!parent) return;
  const nodes: Node[] = [];
  const stack: Node[] = [element];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === 1 && node.firstChild) {
      for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
      if (node !== element && BLOCK_BREAK.has((node as Element).localName)) {
        nodes.push(element.ownerDocument.createTextNode("\n"));
      }
    } else {
      nodes.push(node);
    }
  }
  const box = element.ownerDocument.createElement("div");
  for (const node of nodes) box.appendChild(node);
  parent.replaceChild(box, element);
}

const BLOCK_BREAK = new Set(["p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6"]);
