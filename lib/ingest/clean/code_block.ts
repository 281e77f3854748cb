/**
 * Fenced code blocks: the text of a `<pre>` with its line breaks, its language from a
 * `language-*` class, and a fence longer than any backtick run inside.
 *
 * @module
 */

import { BLOCK_TAGS } from "./tags.ts";

/** Renders a `<pre>` as a fenced code block. */
export function codeBlock(pre: Element): string {
  return fence(preText(pre), codeLanguage(pre));
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
