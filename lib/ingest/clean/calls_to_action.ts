/**
 * Calls to action at the edges of an article — "Sign up for our newsletter", "Follow us
 * on Twitter", "Click here to subscribe" — are the publisher talking, not the article.
 * Only short blocks among the last few of the content are considered.
 *
 * @module
 */

import { leafBlocks } from "./tags.ts";

const CALL_TO_ACTION_RE = new RegExp(
  "\\b(?:" + [
    "subscribe",
    "sign up",
    "newsletters?",
    "follow (?:us|him|her|me|them) on",
    "click here",
    "download (?:our|the) app",
    "have a (?:news )?tip",
    "like this (?:story|article)",
    "share (?:this|it) with",
    "listen (?:to|back)",
    "delivered (?:to|through) your",
    "(?:join|become) (?:a member|our)",
  ].join("|") + ")\\b",
  "i",
);

/** Longest block that can be a call to action. */
const MAX_CALL_CHARS = 300;

/** How many blocks from the end of the content are looked at. */
const TAIL_BLOCKS = 6;

/** Removes short call-to-action blocks among the last blocks of the content. */
export function removeTrailingCallsToAction(container: Element): void {
  const blocks = leafBlocks(container).filter((el) => (el.textContent ?? "").trim());
  for (const block of blocks.slice(-TAIL_BLOCKS)) {
    const text = (block.textContent ?? "").replace(/\s+/g, " ").trim();
    if (text.length <= MAX_CALL_CHARS && CALL_TO_ACTION_RE.test(text)) block.remove();
  }
}
