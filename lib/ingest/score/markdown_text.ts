/**
 * Reduces Markdown to the plain text the benchmark scores: links and images become their
 * text, and Markdown syntax (heading marks, emphasis, table pipes and separators, list
 * bullets, quote marks, code fences, backslash escapes) is dropped.
 *
 * @module
 */

const IMAGE_RE = /!\[([^\]]*)\]\([^)]*\)/g;
const LINK_RE = /\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+"[^"]*")?\)/g;
const REF_DEF_RE = /^[ \t]{0,3}\[[^\]]+\]:[ \t]+\S+.*$/gm;
const FENCE_RE = /^[ \t]*(```+|~~~+).*$/gm;
const TABLE_SEPARATOR_RE = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm;
const HEADING_RE = /^[ \t]{0,3}#{1,6}[ \t]+/gm;
const QUOTE_RE = /^[ \t]*(>[ \t]?)+/gm;
const BULLET_RE = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/gm;
const RULE_RE = /^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/gm;
const ESCAPE_RE = /\\([\\`*_{}[\]()#+\-.!|<>~])/g;
const EMPHASIS_RE = /(^|[^\p{L}\p{N}])(\*{1,3}|_{1,3}|~~)(?=\S)([^\n]*?\S)\2(?![\p{L}\p{N}])/gu;

/**
 * Turns Markdown into plain text for scoring.
 *
 * @example
 * ```ts
 * import { markdownToPlainText } from "./markdown_text.ts";
 * markdownToPlainText("# Hi\n\nSee [the docs](https://x.test/a_b)."); // "Hi\n\nSee the docs."
 * ```
 */
export function markdownToPlainText(markdown: string): string {
  let text = markdown
    .replace(FENCE_RE, "")
    .replace(REF_DEF_RE, "")
    .replace(IMAGE_RE, "$1")
    .replace(LINK_RE, "$1")
    .replace(TABLE_SEPARATOR_RE, "")
    .replace(RULE_RE, "")
    .replace(HEADING_RE, "")
    .replace(QUOTE_RE, "")
    .replace(BULLET_RE, "")
    .replace(/\|/g, " ");
  // Emphasis may nest (***x***, **_x_**); a few passes unwrap it.
  for (let i = 0; i < 3; i++) text = text.replace(EMPHASIS_RE, "$1$3");
  return text.replace(ESCAPE_RE, "$1").replace(/`+/g, "");
}
