/**
 * Mozilla Readability as a second opinion. When Readability's article is a strict subset
 * of ours — nearly all of its text is in ours, but a good part of ours is not in it —
 * the blocks only we kept are most likely leftovers (a poll, a caption, an address
 * footer), so they are dropped. Otherwise our extraction stands as it is.
 *
 * Readability costs as much as the rest of the cleaning together and needs a document of
 * its own (it rewrites what it reads), so it is asked only when our choice of container
 * was a close call ({@link secondOpinion}); on the benchmark that is 1 page in 18, and on
 * the others it changed nothing.
 *
 * @module
 */

import { Readability } from "@mozilla/readability";
import { parseDocument } from "./dom.ts";
import { matchShingles, shingleCounts } from "../score/mod.ts";
import { leafBlocks } from "./tags.ts";
import { isDataTable } from "./table.ts";

/** Pages longer than this (in characters of HTML) skip the second opinion, to bound time. */
export const MAX_SIGNAL_HTML_CHARS = 2_000_000;

/** Pages with more nodes (elements and text) than this skip it too: Readability slows down. */
export const MAX_SIGNAL_NODES = 30_000;

/** Extractions with more text than this are not second-guessed (shingling costs time). */
const MAX_SIGNAL_TEXT_CHARS = 500_000;

/** Whether a page is small enough for the second opinion to stay cheap. */
export function wantsSecondOpinion(html: string, document: Document): boolean {
  if (html.length > MAX_SIGNAL_HTML_CHARS) return false;
  return !hasMoreNodes(document.documentElement, MAX_SIGNAL_NODES);
}

/**
 * Asks Readability about the page `html` and prunes `container` (our extraction from the
 * same page) by its answer, as {@link pruneByReadability} does. Readability reads a fresh
 * parse of the page, as ours started from, since ours has been cleaned in place by now.
 * Returns whether anything was pruned; pages too big for it are left as they are.
 */
export function secondOpinion(html: string, container: Element): boolean {
  if (html.length > MAX_SIGNAL_HTML_CHARS) return false;
  const document = parseDocument(html);
  if (!wantsSecondOpinion(html, document)) return false;
  return pruneByReadability(container, readabilityText(document));
}

/** Whether there are more than `limit` nodes under `root`; stops counting past it. */
function hasMoreNodes(root: Node | null, limit: number): boolean {
  let count = 0;
  const stack: Node[] = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (++count > limit) return true;
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push(c);
  }
  return false;
}

/** Thresholds of {@link pruneByReadability}. */
export interface AgreementThresholds {
  /** Share of Readability's shingles that must be in ours for it to count as a subset. */
  subset: number;
  /** Ours must have at least this share in Readability's… */
  minOverlap: number;
  /** …and less than this share, for the difference to be worth acting on. */
  maxOverlap: number;
}

const DEFAULTS: AgreementThresholds = { subset: 0.95, minOverlap: 0.5, maxOverlap: 0.9 };

/**
 * Readability's article text for a document, or "" when it finds none (or fails).
 * Readability rewrites the document it reads, so pass it a copy.
 */
export function readabilityText(document: Document): string {
  try {
    return new Readability(document, { keepClasses: true, disableJSONLD: true }).parse()
      ?.textContent ?? "";
  } catch {
    return "";
  }
}

/**
 * Drops the blocks of `container` that Readability left out, when Readability's article
 * is a subset of the container's text. Data tables and code are never dropped. Returns
 * whether anything was pruned.
 */
export function pruneByReadability(
  container: Element,
  readability: string,
  thresholds: AgreementThresholds = DEFAULTS,
): boolean {
  if (!readability.trim()) return false;
  const ours = container.textContent ?? "";
  if (ours.length > MAX_SIGNAL_TEXT_CHARS) return false;
  const { tp, fp, fn } = matchShingles(readability, ours);
  const theirsInOurs = tp / (tp + fn || 1);
  const oursInTheirs = tp / (tp + fp || 1);
  if (theirsInOurs < thresholds.subset) return false;
  if (oursInTheirs < thresholds.minOverlap || oursInTheirs >= thresholds.maxOverlap) return false;
  const theirs = shingleCounts(readability);
  const doomed = prunableBlocks(container).filter((block) => {
    const shingles = [...shingleCounts(block.textContent ?? "").keys()];
    if (shingles.length === 0) return false;
    return shingles.filter((s) => theirs.has(s)).length / shingles.length < 0.5;
  });
  for (const block of doomed) block.remove();
  return doomed.length > 0;
}

/** Leaf blocks outside data tables, code, quotations and headings. */
function prunableBlocks(container: Element): Element[] {
  const kept = new Set<Element>();
  for (const table of container.querySelectorAll("table")) if (isDataTable(table)) kept.add(table);
  return leafBlocks(container).filter((block) => {
    // Code, quotations (embedded posts among them) and headings are never second-guessed.
    if (block.closest("pre, blockquote, h1, h2, h3, h4, h5, h6")) return false;
    for (let up: Element | null = block; up && up !== container; up = up.parentElement) {
      if (kept.has(up)) return false;
    }
    return true;
  });
}
