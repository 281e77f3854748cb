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

const RAW_TEXT_RE =
  /<(script|style|noscript|template|textarea|xmp|iframe|noembed|noframes)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
const HTML_TAG_RE = /<html\b([^>]*)>/i;
const HEAD_RE = /<head\b[^>]*>([\s\S]*?)<\/head\s*>/i;
const BODY_OPEN_RE = /<body\b([^>]*)>/i;

/**
 * Rebuilds the page as `<html><head>…</head><body>…</body></html>`. linkedom does not
 * run the HTML tree-construction algorithm, so fragments and documents missing
 * `<html>`, `<head>` or `<body>` would otherwise come out malformed.
 */
export function normalizeHtml(html: string): string {
  const text = html.replace(COMMENT_RE, "").replace(RAW_TEXT_RE, "").replace(/\0/g, "");
  const htmlAttrs = text.match(HTML_TAG_RE)?.[1] ?? "";
  const head = text.match(HEAD_RE);
  const bodyOpen = text.match(BODY_OPEN_RE);
  let body: string;
  if (bodyOpen && bodyOpen.index !== undefined) {
    const start = bodyOpen.index + bodyOpen[0].length;
    const end = text.toLowerCase().lastIndexOf("</body");
    body = text.slice(start, end > start ? end : undefined);
  } else if (head && head.index !== undefined) {
    body = text.slice(head.index + head[0].length);
  } else {
    body = text;
  }
  body = body.replace(/<\/?(html|head|body)\b[^>]*>/gi, "").replace(/<!doctype[^>]*>/gi, "");
  const bodyAttrs = bodyOpen?.[1] ?? "";
  return `<!DOCTYPE html><html${htmlAttrs}><head>${head?.[1] ?? ""}</head>` +
    `<body${bodyAttrs}>${body}</body></html>`;
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
