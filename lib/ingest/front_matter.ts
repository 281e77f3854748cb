/**
 * YAML-ish front matter: a leading `---` block of `key: value` lines. Enough for the
 * metadata LoreChat writes and reads (title, url, description, ids, hashes); not YAML.
 *
 * @module
 */

/** A document split into its front matter fields and the body after them. */
export interface FrontMatter {
  data: Record<string, string>;
  body: string;
}

const BLOCK = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return String(JSON.parse(value));
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("''", "'");
  }
  return value;
}

/**
 * Splits `text` into front matter fields and body. Text without a front matter block
 * comes back whole with no fields. Values may be bare, `"double"` (JSON escapes) or
 * `'single'` quoted; lines that are not `key: value` are ignored.
 *
 * @example
 * ```ts
 * import { parseFrontMatter } from "./front_matter.ts";
 * const { data, body } = parseFrontMatter("---\ntitle: Varrow\n---\n# Varrow\n");
 * console.assert(data.title === "Varrow" && body === "# Varrow\n");
 * ```
 */
export function parseFrontMatter(text: string): FrontMatter {
  const match = BLOCK.exec(text);
  if (!match) return { data: {}, body: text };
  const data: Record<string, string> = {};
  for (const line of match[1].split(/\r?\n/)) {
    const field = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (field) data[field[1]] = unquote(field[2]);
  }
  return { data, body: text.slice(match[0].length) };
}

/**
 * Renders fields as a front matter block (values double-quoted with JSON escapes, so any
 * title survives the round trip through {@linkcode parseFrontMatter}).
 */
export function formatFrontMatter(data: Record<string, string | undefined>): string {
  const lines = Object.entries(data)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `---\n${lines.join("\n")}\n---\n`;
}
