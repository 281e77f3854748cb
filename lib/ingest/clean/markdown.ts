/**
 * DOM → Markdown: headings, paragraphs, lists, block quotes, fenced code, tables, links
 * made absolute, emphasis and image alt text. Recursion depth follows DOM depth, which
 * {@link parseDocument} bounds.
 *
 * @module
 */

import { absolute } from "./metadata.ts";
import { renderTable } from "./table.ts";
import { escapeInline, escapeLineStart, normalizeInline } from "./markdown_text.ts";

/** Options for {@link elementToMarkdown}. */
export interface MarkdownOptions {
  /** Absolute URL that relative links and image sources resolve against. */
  baseUrl?: string;
  /** Page title; an image whose alt text only repeats it is left out. */
  title?: string;
}

const SKIPPED = new Set([
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
  "option",
  "textarea",
  "head",
  "title",
  "meta",
  "link",
  "audio",
  "video",
  "source",
  "track",
  "map",
  "area",
  "dialog",
]);

/** Elements that start their own block in Markdown. */
export const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "center",
  "dd",
  "details",
  "dialog",
  "dir",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "li",
  "main",
  "menu",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
  "caption",
]);

/** Renders one element's content as Markdown. */
export function elementToMarkdown(root: Element, options: MarkdownOptions = {}): string {
  const writer = new MarkdownWriter(root, options.baseUrl ?? "", options.title ?? "");
  const out: string[] = [];
  writer.blocks(root, out);
  return out.join("\n\n").replace(/\n{3,}/g, "\n\n").trim();
}

/** Walks the DOM once, emitting Markdown blocks. */
export class MarkdownWriter {
  /** Inline elements that contain a block element somewhere below them. */
  readonly #holdsBlocks = new WeakSet<Element>();
  readonly #seenAlts = new Set<string>();

  constructor(root: Element, readonly baseUrl: string, readonly title = "") {
    for (const block of root.querySelectorAll([...BLOCK_TAGS].join(","))) {
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
        if (SKIPPED.has(el.localName)) continue;
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
      out.push(fence(preText(el), codeLanguage(el)));
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
      else if (!SKIPPED.has(child.localName)) this.block(child, inner);
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
      else if (node.nodeType === 1 && !SKIPPED.has((node as Element).localName)) {
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
    const src = absolute(el.getAttribute("src") ?? "", this.baseUrl);
    const label = alt.replace(/([[\]\\])/g, "\\$1");
    return src ? ` ![${label}](${src.replace(/[()\s]/g, encodeURIComponent)}) ` : ` ${label} `;
  }
}

const IMAGE_FILE_RE = /\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#].*)?$/i;

/** Alt text worth keeping: several words, not a file name. */
function isDescriptiveAlt(alt: string): boolean {
  return /\S\s+\S/.test(alt) && !IMAGE_FILE_RE.test(alt);
}

/** Whether two strings say the same thing, ignoring case, spacing and punctuation. */
export function sameText(a: string, b: string): boolean {
  const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const ka = key(a);
  return ka.length > 0 && ka === key(b);
}

/** Wraps inline text in an emphasis marker, keeping surrounding spaces outside it. */
function wrap(text: string, marker: string): string {
  const { lead, body, trail } = splitSpace(text);
  if (!body) return text;
  if (body.includes("\n")) return text;
  return `${lead}${marker}${body}${marker}${trail}`;
}

function splitSpace(text: string): { lead: string; body: string; trail: string } {
  const lead = text.match(/^\s*/)![0];
  const body = text.trim();
  const trail = body ? text.match(/\s*$/)![0] : "";
  return { lead, body, trail };
}

function inlineCode(raw: string): string {
  const text = raw.replace(/\s+/g, " ");
  if (!text.trim()) return text;
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** Text of a `<pre>`, with `<br>` and block children turned into line breaks. */
function preText(pre: Element): string {
  let text = "";
  const visit = (node: Node) => {
    if (node.nodeType === 3) text += node.textContent ?? "";
    else if (node.nodeType === 1) {
      const el = node as Element;
      if (el.localName === "br") text += "\n";
      for (let c = el.firstChild; c; c = c.nextSibling) visit(c);
      if (BLOCK_TAGS.has(el.localName) && el !== pre && !text.endsWith("\n")) text += "\n";
    }
  };
  visit(pre);
  return text.replace(/^\n/, "").replace(/\s+$/, "");
}

function codeLanguage(pre: Element): string {
  const classes = `${pre.getAttribute("class") ?? ""} ${
    pre.querySelector("code")?.getAttribute("class") ?? ""
  }`;
  return classes.match(/(?:^|\s)(?:language|lang)-([\w+#.-]+)/)?.[1] ?? "";
}

function fence(code: string, language: string): string {
  const longest = Math.max(2, ...(code.match(/^`{3,}/gm) ?? []).map((s) => s.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${language}\n${code}\n${ticks}`;
}
