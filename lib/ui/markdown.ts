/**
 * Markdown → Preact vnodes, sanitised by construction: the parsers only ever yield
 * text and a fixed set of elements, so there is no HTML string to sanitise and no
 * `innerHTML` anywhere. Raw HTML in the source renders as visible text; links keep
 * only safe destinations ({@linkcode safeHref}); images become plain links (a model
 * cannot make the browser fetch a URL by answering with one). Runs in the server
 * (no-JS answers) and in the browser (streamed answers) alike.
 *
 * @module
 */
import { type ComponentChildren, createElement, type VNode } from "preact";
import { type Block, parseBlocks } from "./markdown_blocks.ts";
import { type Inline, parseInline } from "./markdown_inline.ts";

type Props = Record<string, unknown> | null;
/** `h` for the fixed element names used here, without per-tag prop typing. */
const h = (tag: string, props: Props, ...children: ComponentChildren[]): VNode =>
  createElement(tag, props, ...children) as VNode;

/** Options for {@linkcode renderMarkdown}. */
export interface MarkdownOptions {
  /** The link target of citation `[n]`, or null when there is no such source (shown as text). */
  citeHref?: (n: number) => string | null;
  /** Added to heading levels so an answer's `#` nests under the page outline. Default 2. */
  headingOffset?: number;
}

/**
 * Renders Markdown to vnodes.
 *
 * @example
 * ```ts
 * import { render } from "preact-render-to-string";
 * import { h } from "preact";
 * import { renderMarkdown } from "./markdown.ts";
 * const html = render(h("div", null, renderMarkdown("**hi** <b>x</b>")));
 * // html === "<div><p><strong>hi</strong> &lt;b>x&lt;/b></p></div>"
 * ```
 */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): VNode[] {
  return parseBlocks(source).map((b, i) => renderBlock(b, i, options));
}

function renderBlock(b: Block, key: number, o: MarkdownOptions): VNode {
  switch (b.t) {
    case "p":
      return h("p", { key }, renderInline(b.text, o));
    case "h":
      return h(
        `h${Math.min(6, b.level + (o.headingOffset ?? 2))}`,
        { key },
        renderInline(b.text, o),
      );
    case "code": {
      const lang = b.lang.replace(/[^\w+-]/g, "").slice(0, 20);
      return h(
        "pre",
        { key, "data-lang": lang || undefined },
        h("code", { class: lang ? `language-${lang}` : undefined }, b.text),
      );
    }
    case "hr":
      return h("hr", { key });
    case "quote":
      return h("blockquote", { key }, b.c.map((c, i) => renderBlock(c, i, o)));
    case "list":
      return h(
        b.ordered ? "ol" : "ul",
        { key, start: b.ordered && b.start !== 1 ? b.start : undefined },
        b.items.map((item, i) =>
          h(
            "li",
            { key: i },
            item.map((c, j) =>
              b.tight && c.t === "p" ? renderInline(c.text, o) : renderBlock(c, j, o)
            ),
          )
        ),
      );
    case "table": {
      const cell = (tag: string, text: string, col: number) =>
        h(tag, {
          key: col,
          class: b.align[col] ? `align-${b.align[col]}` : undefined,
          scope: tag === "th" ? "col" : undefined,
        }, renderInline(text, o));
      return h(
        "div",
        { key, class: "md-table", tabIndex: 0 },
        h(
          "table",
          null,
          h("thead", null, h("tr", null, b.head.map((c, i) => cell("th", c, i)))),
          h(
            "tbody",
            null,
            b.rows.map((r, i) => h("tr", { key: i }, r.map((c, j) => cell("td", c, j)))),
          ),
        ),
      );
    }
  }
}

function renderInline(text: string, o: MarkdownOptions): ComponentChildren {
  return inlineNodes(parseInline(text), o);
}

function inlineNodes(nodes: Inline[], o: MarkdownOptions): ComponentChildren[] {
  return nodes.map((n, key) => {
    if (typeof n === "string") return n;
    switch (n.t) {
      case "code":
        return h("code", { key }, n.text);
      case "br":
        return h("br", { key });
      case "cite": {
        const href = o.citeHref?.(n.n);
        return href
          ? h("a", { key, class: "cite", href, "aria-label": `Source ${n.n}` }, String(n.n))
          : `[${n.n}]`;
      }
      case "link": {
        const children = inlineNodes(n.c, o);
        if (!n.href) return h("span", { key, class: "md-link-removed" }, children);
        const external = /^https?:/i.test(n.href);
        return h("a", {
          key,
          href: n.href,
          target: external ? "_blank" : undefined,
          rel: external ? "noopener noreferrer nofollow" : undefined,
        }, children);
      }
      default:
        return h(n.t, { key }, inlineNodes(n.c, o));
    }
  });
}
