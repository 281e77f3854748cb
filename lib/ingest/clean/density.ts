/**
 * Text-density scoring. Every run of text belongs to its nearest block element; each
 * block is scored from its length and link density (prose scores its length, link lists
 * and stray short lines score below zero), and each element sums the scores below it.
 *
 * @module
 */

import { BLOCK_TAGS } from "./tags.ts";

/** Scores of one element, summed over the blocks inside it. */
export interface BlockScore {
  /** Sum of positive block scores: how much prose the element holds. */
  good: number;
  /** Sum of negative block scores (≤ 0): link lists, stray short lines. */
  bad: number;
  /** Collapsed text length inside the element. */
  text: number;
  /** Collapsed text length inside links. */
  linkText: number;
  /** Number of prose blocks (paragraphs) inside. */
  paragraphs: number;
}

const HEADING_RE = /^h[1-6]$/;
const SENTENCE_END_RE = /[.!?。！？…:;"”»)]\s*$/;

/** Scores one block from its own text (not counting nested blocks). */
export function blockScore(tag: string, text: string, linkText: number): number {
  const len = text.length;
  if (len === 0) return 0;
  const density = linkText / len;
  if (density > 0.5) return -len;
  if (HEADING_RE.test(tag)) return 0;
  const words = text.split(" ").length;
  if (len < 25) {
    if (tag === "li" || tag === "td" || tag === "th" || tag === "dd" || tag === "dt") return 0;
    return words >= 2 && SENTENCE_END_RE.test(text) ? len : -5;
  }
  const prose = len >= 80 || SENTENCE_END_RE.test(text) ? 1 : 0.5;
  return len * (1 - 2 * density) * prose;
}

/** Computes {@link BlockScore} for every element under `root` (inclusive), iteratively. */
export function scoreTree(root: Element): Map<Element, BlockScore> {
  const scores = new Map<Element, BlockScore>();
  interface Frame {
    el: Element;
    own: string;
    ownLinks: number;
    child: Node | null;
    inLink: boolean;
    sum: BlockScore;
  }
  const open = (el: Element, inLink: boolean): Frame => ({
    el,
    own: "",
    ownLinks: 0,
    child: el.firstChild,
    inLink: inLink || el.localName === "a",
    sum: { good: 0, bad: 0, text: 0, linkText: 0, paragraphs: 0 },
  });
  const stack: Frame[] = [open(root, false)];
  // Text nodes feed the nearest block frame on the stack.
  const blockFrames: Frame[] = [stack[0]];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const node = frame.child;
    if (node) {
      frame.child = node.nextSibling;
      if (node.nodeType === 3) {
        const text = node.textContent ?? "";
        const block = blockFrames[blockFrames.length - 1];
        block.own += text;
        if (frame.inLink) block.ownLinks += text.replace(/\s+/g, " ").trim().length;
      } else if (node.nodeType === 1) {
        const child = open(node as Element, frame.inLink);
        stack.push(child);
        if (BLOCK_TAGS.has(child.el.localName)) blockFrames.push(child);
      }
      continue;
    }
    stack.pop();
    if (blockFrames[blockFrames.length - 1] === frame) blockFrames.pop();
    const own = frame.own.replace(/\s+/g, " ").trim();
    const score = blockScore(frame.el.localName, own, frame.ownLinks);
    const s = frame.sum;
    if (score > 0) {
      s.good += score;
      s.paragraphs++;
    } else s.bad += score;
    s.text += own.length;
    s.linkText += Math.min(frame.ownLinks, own.length);
    scores.set(frame.el, s);
    const parent = stack[stack.length - 1];
    if (parent) {
      const p = parent.sum;
      p.good += s.good;
      p.bad += s.bad;
      p.text += s.text;
      p.linkText += s.linkText;
      p.paragraphs += s.paragraphs;
    }
  }
  return scores;
}
