/**
 * Boilerplate removal: elements that are never content (scripts, forms, hidden nodes),
 * page chrome by tag and ARIA role (nav, header, footer, aside), and blocks whose class
 * or id names what they are (share bars, cookie banners, related links, comments, ads).
 *
 * @module
 */

import { classifyName } from "./names.ts";

/** Elements dropped wherever they are. */
const NEVER_CONTENT = [
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "embed",
  "button",
  "input",
  "select",
  "textarea",
  "dialog",
  "link",
  "meta",
  "audio",
  "video",
  "map",
].join(",");

/** Page chrome by tag; kept only when it holds most of the page's text. */
const CHROME_TAGS = new Set(["nav", "aside", "footer", "header", "menu"]);

/** Page chrome by ARIA role, kept on the same terms. */
const CHROME_ROLES = new Set([
  "navigation",
  "banner",
  "contentinfo",
  "complementary",
  "search",
  "dialog",
  "alertdialog",
  "menu",
  "menubar",
  "toolbar",
  "tablist",
]);

/** Drops elements that are never content, anywhere in the document. */
export function removeNeverContent(root: Element): void {
  // One walk rather than two selector queries: on linkedom this is several times faster.
  const doomed: Element[] = [];
  const stack: Element[] = [];
  for (let c = root.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  while (stack.length) {
    const el = stack.pop()!;
    if (
      NEVER_CONTENT_TAGS.has(el.localName) || el.hasAttribute("hidden") ||
      (el.hasAttribute("style") && isHiddenStyle(el.getAttribute("style") ?? ""))
    ) {
      doomed.push(el);
      continue;
    }
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
  for (const el of doomed) el.remove();
}

const NEVER_CONTENT_TAGS = new Set(NEVER_CONTENT.split(","));

function isHiddenStyle(style: string): boolean {
  return /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Elements whose removal would take the article with it. */
export interface Protection {
  /** Good-prose score of the whole page. */
  total: number;
  /** Good-prose score of an element (0 when unknown). */
  good(el: Element): number;
}

/**
 * Drops page chrome and named boilerplate. An element is kept when a descendant named as
 * content (or `itemprop="articleBody"`) holds a quarter of the page's prose, or — for
 * weak names like `widget` or `header` — when it holds half of the prose itself.
 */
export function removeBoilerplate(root: Element, protection: Protection): void {
  const weakShield = new Set<Element>();
  const strongShield = new Set<Element>();
  const shield = (from: Element, set: Set<Element>) => {
    for (let up: Element | null = from; up && up !== root; up = up.parentElement) {
      if (set.has(up)) break;
      set.add(up);
    }
  };
  const { anchors, chrome } = candidates(root);
  for (const el of anchors) {
    if (protection.good(el) < protection.total * 0.25) continue;
    const kind = classifyName(el);
    const semantic = el.localName === "main" || el.localName === "article" ||
      el.getAttribute("role") === "main";
    if (
      el.getAttribute("itemprop") === "articleBody" || kind.article ||
      (semantic && !kind.boilerplate)
    ) {
      shield(el, strongShield);
      shield(el, weakShield);
    } else if (kind.content) shield(el, weakShield);
  }
  const keep = (el: Element, strong: boolean) => {
    if (strongShield.has(el)) return true;
    const big = protection.good(el) >= protection.total * 0.5;
    return strong ? big && weakShield.has(el) : big || weakShield.has(el);
  };
  for (const el of chrome) {
    // A <footer> in a quotation is its attribution, not page chrome.
    if (el.parentElement?.closest("blockquote")) continue;
    if (el.parentNode && !keep(el, el.localName === "nav")) el.remove();
  }
  for (const el of namedElements(root)) {
    if (!el.parentNode || el.localName === "body" || el.localName === "html") continue;
    const kind = classifyName(el);
    if (kind.boilerplate && !keep(el, kind.strong)) el.remove();
  }
}

/**
 * The elements under `root` that may shield the article (named, `main`, `article`,
 * `role="main"`, `itemprop="articleBody"`) and the page chrome, in document order. One
 * walk: on linkedom a selector query compiles and matches its selector on every call.
 */
function candidates(root: Element): { anchors: Element[]; chrome: Element[] } {
  const anchors: Element[] = [];
  const chrome: Element[] = [];
  const stack: Element[] = [];
  for (let c = root.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  while (stack.length) {
    const el = stack.pop()!;
    const tag = el.localName;
    const role = el.getAttribute("role");
    if (
      isNamed(el) || tag === "main" || tag === "article" || role === "main" ||
      el.getAttribute("itemprop") === "articleBody"
    ) anchors.push(el);
    if (CHROME_TAGS.has(tag) || (role !== null && CHROME_ROLES.has(role))) chrome.push(el);
    for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  }
  return { anchors, chrome };
}

/** Elements under `root` with a class or id attribute, in document order. */
function namedElements(root: Element): Element[] {
  const named: Element[] = [];
  const stack: Element[] = [];
  for (let c = root.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  while (stack.length) {
    const el = stack.pop()!;
    if (isNamed(el)) named.push(el);
    for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
  }
  return named;
}

function isNamed(el: Element): boolean {
  return el.hasAttribute("class") || el.hasAttribute("id");
}

/** Length of an element's whitespace-collapsed text. */
export function textLength(el: Element): number {
  return (el.textContent ?? "").replace(/\s+/g, " ").trim().length;
}
