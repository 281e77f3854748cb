/**
 * The named HTML entities the Markdown renderer decodes: the common ones models and
 * wiki text use. Anything else stays as typed (it is only text either way).
 *
 * @module
 */

/** Entity name → text. */
export const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  middot: "·",
  times: "×",
  deg: "°",
  rarr: "→",
  larr: "←",
  colon: ":",
};
