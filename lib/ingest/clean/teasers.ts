/**
 * Teaser lists: runs of sibling items that each lead with a headline link to another
 * page and add a line or two of summary ("more stories", "breaking news", "you may also
 * like"). Their summaries read like prose, so text density alone would keep them.
 *
 * @module
 */

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Longest text an item may have and still count as a teaser. */
const MAX_TEASER_CHARS = 700;

/** Removes teaser items where at least three siblings, and most of them, are teasers. */
export function removeTeaserLists(root: Element): void {
  const groups: Element[][] = [];
  // A walk with sibling pointers: linkedom builds a fresh list for every `children`.
  const stack: Element[] = [];
  for (let c = root.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  while (stack.length) {
    const parent = stack.pop()!;
    const kids: Element[] = [];
    for (let c = parent.firstElementChild; c; c = c.nextElementSibling) kids.push(c);
    stack.push(...kids);
    if (kids.length < 3) continue;
    const teasers = teasersAmong(kids);
    if (teasers) groups.push(teasers);
  }
  for (const group of groups) for (const el of group) el.remove();
}

/**
 * The teasers among sibling items when at least three, and half of them, are teasers;
 * else undefined. Stops as soon as too few items are left to get there: in an article
 * body of paragraphs that is after the first half.
 */
function teasersAmong(kids: Element[]): Element[] | undefined {
  const needed = Math.max(3, Math.ceil(kids.length / 2));
  const teasers: Element[] = [];
  for (let i = 0; i < kids.length; i++) {
    if (teasers.length + kids.length - i < needed) return undefined;
    if (isTeaser(kids[i])) teasers.push(kids[i]);
  }
  return teasers.length >= needed ? teasers : undefined;
}

/** An item whose headline link (in a heading, or its first text) introduces a short text. */
export function isTeaser(item: Element): boolean {
  const links: Element[] = [];
  const raw = boundedText(item, MAX_TEASER_CHARS, links);
  if (raw === null) return false;
  const text = squash(raw);
  if (text.length === 0 || text.length > MAX_TEASER_CHARS) return false;
  for (const link of links) {
    const linkText = squash(link.textContent ?? "");
    // Headlines are phrases of a few words; a linked sentence ending in a full stop is prose.
    if (linkText.length < 20 || !/\S\s+\S+\s+\S/.test(linkText)) continue;
    const at = text.indexOf(linkText);
    if (/\.$/.test(linkText) || text[at + linkText.length] === ".") continue;
    if (inHeading(link) || holdsHeading(link) || text.startsWith(linkText)) return true;
  }
  return false;
}

/** Whether `el` is or sits in a heading (loops: linkedom compiles a selector per query). */
function inHeading(el: Element): boolean {
  for (let up: Element | null = el; up; up = up.parentElement) {
    if (HEADINGS.has(up.localName)) return true;
  }
  return false;
}

/** Whether a heading sits somewhere below `el`. */
function holdsHeading(el: Element): boolean {
  const stack: Element[] = [];
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  while (stack.length) {
    const node = stack.pop()!;
    if (HEADINGS.has(node.localName)) return true;
    for (let c = node.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
  return false;
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * The text under `root`, or null as soon as it is sure to pass `max` characters once
 * whitespace is collapsed; links with an `href` below it are collected on the way. Most items of a
 * big container are far too long to be teasers, and this stops reading them early.
 */
function boundedText(root: Element, max: number, links: Element[]): string | null {
  let text = "";
  // The collapsed length is checked each time the raw text doubles: linear overall.
  let checkAt = max;
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === 3) {
      text += node.textContent ?? "";
      if (text.length > checkAt) {
        if (squash(text).length > max) return null;
        checkAt = text.length * 2;
      }
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    if (el !== root && el.localName === "a" && el.hasAttribute("href")) links.push(el);
    for (let c = el.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return text;
}
