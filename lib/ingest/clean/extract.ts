/**
 * Main-content extraction: prune boilerplate, score text density, pick the element that
 * holds most of the page's prose, then drop the leftovers inside it that score as
 * boilerplate (link lists, stray short lines, captions, the repeated title).
 *
 * @module
 */

import { removeTrailingCallsToAction } from "./calls_to_action.ts";
import { type BlockScore, scoreTree } from "./density.ts";
import { isDataTable } from "./table.ts";
import { removeTeaserLists } from "./teasers.ts";
import { classifyName } from "./names.ts";
import { removeBoilerplate, removeNeverContent } from "./prune.ts";
import { removeWikiChrome } from "./mediawiki.ts";

/** Tunables of {@link extractMainContent}, with the defaults measured on the benchmark. */
export interface ExtractOptions {
  /** Descend into a child while it holds at least this share of its parent's prose. */
  descendShare?: number;
  /** Page title, used to drop a heading that only repeats it. */
  title?: string;
}

/** Below this much prose a page is kept whole rather than trimmed of its short lines. */
const MIN_PROSE = 150;

/**
 * A child holding at least this share of the container's prose (but less than
 * `descendShare`) makes the choice of container a close call.
 */
export const CLOSE_CALL_SHARE = 0.6;

/** The main content and how sure the choice of it is. */
export interface MainContent {
  /** The element holding the main content, cleaned in place. */
  container: Element;
  /**
   * The container was kept whole although one child holds most of its prose (between
   * {@link CLOSE_CALL_SHARE} and `descendShare`): the rest is either more of the article
   * (a lede, a second section) or leftovers beside it (a sidebar promo, a caption, an
   * address footer). Worth a second opinion; on a clear choice one rarely changes anything.
   */
  closeCall: boolean;
}

/** Finds the element holding the main content, cleaned in place; falls back to `<body>`. */
export function extractMainContent(document: Document, options: ExtractOptions = {}): Element {
  return findMainContent(document, options).container;
}

/** {@link extractMainContent}, also telling whether the choice of container was a close call. */
export function findMainContent(document: Document, options: ExtractOptions = {}): MainContent {
  const body = document.body;
  removeNeverContent(body);
  removeWikiChrome(body);
  removeTeaserLists(body);
  const before = scoreTree(body);
  removeBoilerplate(body, {
    total: before.get(body)?.good ?? 0,
    good: (el) => before.get(el)?.good ?? 0,
  });
  const scores = scoreTree(body);
  const container = chooseContainer(body, scores, options.descendShare ?? 0.85);
  const closeCall = chooseContainer(container, scores, CLOSE_CALL_SHARE) !== container;
  cleanContainer(container, scores, options.title ?? "");
  removeTrailingCallsToAction(container);
  return { container, closeCall };
}

/** Walks down from `root` while one child holds nearly all of the prose. */
export function chooseContainer(
  root: Element,
  scores: Map<Element, BlockScore>,
  descendShare: number,
): Element {
  let node = root;
  for (;;) {
    const total = scores.get(node)?.good ?? 0;
    if (total <= 0) return node;
    let best: Element | undefined;
    let bestGood = 0;
    for (let child = node.firstElementChild; child; child = child.nextElementSibling) {
      const good = scores.get(child)?.good ?? 0;
      if (good > bestGood) {
        best = child;
        bestGood = good;
      }
    }
    if (!best || !carriesContent(best, node, scores, descendShare)) return node;
    // A single paragraph is too small to be the container: stop at its parent.
    if ((scores.get(best)?.paragraphs ?? 0) <= 1 && (scores.get(node)?.paragraphs ?? 0) > 1) {
      return node;
    }
    node = best;
  }
}

/**
 * Whether a child carries the content of its parent: nearly all of the prose, or most of
 * it with the rest in a couple of stray paragraphs after it (a disclaimer, an "about us").
 * Prose before it is kept, as that is where a lede or standfirst sits.
 */
function carriesContent(
  child: Element,
  parent: Element,
  scores: Map<Element, BlockScore>,
  share: number,
): boolean {
  const c = scores.get(child)!, p = scores.get(parent)!;
  if (c.good >= p.good * share) return true;
  if (c.good < p.good * 0.5) return false;
  let before = 0, siblings = 0, passed = false;
  for (let s = parent.firstElementChild; s; s = s.nextElementSibling) {
    if (s === child) {
      passed = true;
      continue;
    }
    const good = scores.get(s)?.good ?? 0;
    siblings += good;
    if (!passed) before += good;
  }
  const ownText = p.good - c.good - siblings;
  const restParagraphs = p.paragraphs - c.paragraphs;
  return before === 0 && ownText <= 0 && restParagraphs <= 2 && c.paragraphs >= 3 * restParagraphs;
}

/** Removes subtrees inside the container that hold no prose but do hold boilerplate. */
export function cleanContainer(
  container: Element,
  scores: Map<Element, BlockScore>,
  title: string,
): void {
  const total = scores.get(container)?.good ?? 0;
  const doomed: Element[] = [];
  const stack: Element[] = [container];
  while (stack.length) {
    const el = stack.pop()!;
    if (el !== container && shouldDrop(el, scores.get(el), title, total)) {
      doomed.push(el);
      continue;
    }
    // Quotations and fact tables are kept whole, whatever their short lines score.
    if (el.localName === "blockquote" || (el.localName === "table" && isDataTable(el))) continue;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
  for (const el of doomed) el.remove();
}

/** Whether one element inside the container is leftover boilerplate. */
function shouldDrop(
  el: Element,
  score: BlockScore | undefined,
  title: string,
  total: number,
): boolean {
  const tag = el.localName;
  if (tag === "figcaption") return true;
  if (tag === "table" && isDataTable(el)) return classifyName(el).boilerplate;
  if (tag === "h1" && repeatsTitle(el.textContent ?? "", title)) return true;
  if (!score) return false;
  // A list that was kept is judged as a whole, not item by item.
  if (tag === "li") return classifyName(el).boilerplate && score.good < total * 0.25;
  // Stray short lines and link lists go, unless the page has next to no prose at all.
  if (score.good === 0 && score.bad < 0) {
    const linky = score.linkText > score.text / 2;
    return total >= MIN_PROSE && (linky || !/^h[1-6]$/.test(tag));
  }
  // Link-heavy blocks (related-story lists with a sentence of teaser each).
  if (score.text > 0 && score.linkText / score.text > 0.5 && score.good < 200) return true;
  return classifyName(el).boilerplate && score.good < total * 0.25;
}

/** Whether a heading says what the title says (or the start of it, before a subtitle). */
function repeatsTitle(heading: string, title: string): boolean {
  const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const h = key(heading), t = key(title);
  return h.length > 0 && t.startsWith(h);
}
