/**
 * Text-level Markdown helpers: escaping characters that would turn prose into markup,
 * and whitespace normalisation of inline runs.
 *
 * @module
 */

const WORD = "[\\p{L}\\p{N}]";
const INLINE_SPECIAL_RE = new RegExp(`[*\`\\\\]|(?<!${WORD})_|_(?!${WORD})`, "gu");

/** Collapses whitespace in a text node and escapes characters Markdown would interpret. */
export function escapeInline(text: string): string {
  return text.replace(/\s+/g, " ").replace(INLINE_SPECIAL_RE, (m) => `\\${m}`);
}

/** Tidies one paragraph of inline Markdown: single spaces, no spaces around line breaks. */
export function normalizeInline(text: string): string {
  return text.replace(/[ \t\u00a0]+/g, " ").replace(/ ?\n ?/g, "\n").replace(/\n{2,}/g, "\n")
    .trim();
}

/** Escapes line starts that Markdown would read as headings, lists, quotes or rules. */
export function escapeLineStart(text: string): string {
  return text.split("\n").map((line) =>
    line
      .replace(/^(#{1,6}\s|>|[-+]\s)/, "\\$1")
      .replace(/^(\d{1,9})([.)]\s)/, "$1\\$2")
      .replace(/^([=-])(\1*\s*)$/, "\\$1$2")
  ).join("\n");
}
