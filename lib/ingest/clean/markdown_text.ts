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

/** Whether two strings say the same thing, ignoring case, spacing and punctuation. */
export function sameText(a: string, b: string): boolean {
  const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const ka = key(a);
  return ka.length > 0 && ka === key(b);
}

/** Wraps inline text in an emphasis marker, keeping surrounding spaces outside it. */
export function wrap(text: string, marker: string): string {
  const { lead, body, trail } = splitSpace(text);
  if (!body) return text;
  if (body.includes("\n")) return text;
  return `${lead}${marker}${body}${marker}${trail}`;
}

export function splitSpace(text: string): { lead: string; body: string; trail: string } {
  const lead = text.match(/^\s*/)![0];
  const body = text.trim();
  const trail = body ? text.match(/\s*$/)![0] : "";
  return { lead, body, trail };
}

export function inlineCode(raw: string): string {
  const text = raw.replace(/\s+/g, " ");
  if (!text.trim()) return text;
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}
