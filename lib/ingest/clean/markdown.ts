/**
 * DOM → Markdown: headings, paragraphs, lists, block quotes, fenced code, tables, links
 * made absolute, emphasis and image alt text. Recursion depth follows DOM depth, which
 * {@link parseDocument} bounds.
 *
 * @module
 */

import { absolute } from "./metadata.ts";
import { renderTable } from "./table.ts";
import { codeBlock } from "./code_block.ts";
import { BLOCK_SELECTOR, BLOCK_TAGS, SKIPPED_TAGS } from "./tags.ts";
import {
  escapeInline,
  escapeLineStart,
  inlineCode,
  normalizeInline,
  sameText,
  splitSpace,
  wrap,
} from "./markdown_text.ts";

/** Options for {@link elementToMarkdown}. */
export interface MarkdownOptions {
  /** Absolute URL that relative links and image sources resolve against. */
  baseUrl?: string;
  /** Page title; an image whose alt text only repeats it is left out. */
  title?: string;
}

/** Renders one element's content as Markdown. */
export function elementToMarkdown(root: Element, options: MarkdownOptions = {}): string {
  const writer = new MarkdownWriter(root, options.baseUrl ?? "", options.title ?? "");
  const out: string[] = [];
  writer.blocks(root, out);
  return dropEmptySections(out).join("\n\n").replace(/\n{3,}/g, "\n\n").trim();
}

/** Drops headings left with nothing under them (their section was all boilerplate). */
export function dropEmptySections(blocks: string[]): string[] {
  // A page of nothing but headings keeps them: they are all it has to say.
  if (blocks.every((b) => /^#{1,6} /.test(b))) return blocks;
  const kept: string[] = [];
  // What follows among the kept blocks: 0 nothing, -1 content, n a heading of level n.
  let after = 0;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const level = blocks[i].match(/^(#{1,6}) /)?.[1].length ?? 0;
    if (level > 0 && (after === 0 || (after > 0 && after <= level))) continue;
    kept.push(blocks[i]);
    after = level > 0 ? level : -1;
  }
  return kept.reverse();
}

/** Walks the DOM once, emitting Markdown blocks. */
export class MarkdownWriter {
  /** Inline elements that contain a block element somewhere below them. */
  readonly #holdsBlocks = new WeakSet<Element>();
  readonly #seenAlts = new Set<string>();

  constructor(root: Element, readonly baseUrl: string, readonly title = "") {
    for (const block of root.querySelectorAll(BLOCK_SELECTOR)) {
      for (let up = block.parentElement; up && up !== root; up = up.parentElement) {
        if (this.#holdsBlocks.has(up)) break;
        this.#holdsBlocks.add(up);
      }
    }
  }

  /** Pushes the blocks of a container, grouping runs of inline content into paragraphs. */
  blocks(container: Element, out: string[]): void {
    let inline = "";
    const flush = () => {
      const text = normalizeInline(inline);
      if (text) out.push(escapeLineStart(text));
      inline = "";
    };
    for (let node = container.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        inline += escapeInline(node.textContent ?? "");
      } else if (node.nodeType === 1) {
        const el = node as Element;
        if (SKIPPED_TAGS.has(el.localName)) continue;
        if (BLOCK_TAGS.has(el.localName) || this.#holdsBlocks.has(el)) {
          flush();
          this.block(el, out);
        } else {
          inline += this.inline(el);
        }
      }
    }
    flush();
  }

  /** Renders a block-level element (or an inline one that wraps blocks). */
  block(el: Element, out: string[]): void {
    const tag = el.localName;
    if (/^h[1-6]$/.test(tag)) {
      const text = normalizeInline(this.inlineChildren(el)).replace(/\n+/g, " ");
      if (text) out.push(`${"#".repeat(Number(tag[1]))} ${text}`);
    } else if (tag === "ul" || tag === "ol" || tag === "menu" || tag === "dir") {
      const list = this.list(el, tag === "ol");
      if (list) out.push(list);
    } else if (tag === "pre") {
      out.push(codeBlock(el));
    } else if (tag === "blockquote") {
      const inner: string[] = [];
      this.blocks(el, inner);
      const text = inner.join("\n\n").trim();
      if (text) out.push(text.split("\n").map((l) => (l ? `> ${l}` : ">")).join("\n"));
    } else if (tag === "table") {
      const text = renderTable(el, this);
      if (text) out.push(text);
    } else if (tag === "hr") {
      out.push("---");
    } else if (tag === "dt") {
      const text = normalizeInline(this.inlineChildren(el));
      if (text) out.push(`**${text.replace(/\*\*/g, "")}**`);
    } else {
      this.blocks(el, out);
    }
  }

  /** Renders a list, indenting each item's continuation lines under its marker. */
  list(el: Element, ordered: boolean): string {
    const items: string[] = [];
    let n = Number(el.getAttribute("start")) || 1;
    for (let child = el.firstElementChild; child; child = child.nextElementSibling) {
      const inner: string[] = [];
      if (child.localName === "li") this.blocks(child, inner);
      else if (!SKIPPED_TAGS.has(child.localName)) this.block(child, inner);
      const text = inner.join("\n").trim();
      if (!text) continue;
      const marker = child.localName !== "li" ? "" : ordered ? `${n++}. ` : "- ";
      const pad = " ".repeat(marker.length);
      items.push(marker + text.split("\n").map((l, i) => (i && l ? pad + l : l)).join("\n"));
    }
    return items.join("\n");
  }

  /** Renders the children of an element as one run of inline Markdown. */
  inlineChildren(el: Element): string {
    let text = "";
    for (let node = el.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) text += escapeInline(node.textContent ?? "");
      else if (node.nodeType === 1 && !SKIPPED_TAGS.has((node as Element).localName)) {
        const child = node as Element;
        text += BLOCK_TAGS.has(child.localName)
          ? ` ${this.inlineChildren(child)} `
          : this.inline(child);
      }
    }
    return text;
  }

  /** Renders one inline element. */
  inline(el: Element): string {
    switch (el.localName) {
      case "br":
        return "\n";
      case "img":
        return this.image(el);
      case "a":
        return this.link(el);
      case "strong":
      case "b":
        return wrap(this.inlineChildren(el), "**");
      case "em":
      case "i":
      case "cite":
      case "dfn":
        return wrap(this.inlineChildren(el), "*");
      case "del":
      case "s":
      case "strike":
        return wrap(this.inlineChildren(el), "~~");
      case "code":
      case "kbd":
      case "samp":
      case "tt":
        return inlineCode(el.textContent ?? "");
      default:
        return this.inlineChildren(el);
    }
  }

  link(el: Element): string {
    const text = this.inlineChildren(el);
    const href = el.getAttribute("href") ?? "";
    const url = href.startsWith("#") ? "" : absolute(href, this.baseUrl);
    if (!url || !text.trim()) return text;
    const { lead, body, trail } = splitSpace(text);
    return `${lead}[${body.replace(/\n+/g, " ")}](${
      url.replace(/[()\s]/g, encodeURIComponent)
    })${trail}`;
  }

  /**
   * An image as `![alt](src)`, when its alt text says something: not a file name or a
   * single word, not the page title again, not a repeat, not a linked teaser thumbnail.
   */
  image(el: Element): string {
    const alt = (el.getAttribute("alt") ?? "").replace(/\s+/g, " ").trim();
    if (!isDescriptiveAlt(alt) || this.#seenAlts.has(alt) || sameText(alt, this.title)) return "";
    const link = el.closest("a");
    if (link && !IMAGE_FILE_RE.test(link.getAttribute("href") ?? "")) return "";
    this.#seenAlts.add(alt);
    const src = absolute(imageSource(el), this.baseUrl);
    const label = alt.replace(/([[\]\\])/g, "\\$1");
    return src ? ` ![${label}](${src.replace(/[()\s]/g, encodeURIComponent)}) ` : ` ${label} `;
  }
}

/** The image's real address: lazy loaders keep it in a data attribute until scrolled to. */
function imageSource(img: Element): string {
  const src = img.getAttribute("src") ?? "";
  if (src && !src.startsWith("data:")) return src;
  return img.getAttribute("data-src") ?? img.getAttribute("data-lazy-src") ??
    img.getAttribute("data-original") ?? "";
}

const IMAGE_FILE_RE = /\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#].*)?$/i;

/** Alt text worth keeping: several words, not a file name. */
function isDescriptiveAlt(alt: string): boolean {
  return /\S\s+\S/.test(alt) && !IMAGE_FILE_RE.test(alt);
}
