/**
 * Inline wikitext → plain text: links to their text, file and category links dropped
 * (categories collected), bold/italic quotes removed, HTML tags and entities resolved,
 * references and comments dropped.
 *
 * @module
 */

/** Namespace prefixes of files and images in the languages the samples use and more. */
const FILE_PREFIXES = [
  "file",
  "image",
  "media",
  "datei",
  "bild",
  "fil",
  "mynd",
  "plik",
  "fichier",
  "archivo",
  "imagen",
  "ficheiro",
  "immagine",
  "bestand",
  "afbeelding",
  "lêer",
  "beeld",
  "soubor",
  "файл",
  "изображение",
  "ファイル",
  "画像",
  "文件",
  "tiedosto",
  "kép",
];
/** Namespace prefixes of categories. */
const CATEGORY_PREFIXES = [
  "category",
  "kategorie",
  "kategori",
  "kategoria",
  "kategorija",
  "bólkur",
  "catégorie",
  "categoría",
  "categoria",
  "categorie",
  "categorie",
  "luokka",
  "kategória",
  "категория",
  "カテゴリ",
  "分类",
];
/** Image options that mark a link as a file even when its prefix is unknown. */
const IMAGE_OPTION =
  /\|\s*(?:thumb|thumbnail|mini|miniatur|frame|frameless|framed|upright|hochkant|links|rechts|left|right|center|duim|regs|\d+x?\d*px)\s*(?:\||=|\]\])/i;

/** Prefix sets the converter consults; a dump adds its site's own namespace names. */
export interface NamespaceNames {
  files: Set<string>;
  categories: Set<string>;
}

/** The built-in prefix sets, with `extra` names (any case) added. */
export function namespaceNames(
  extra: { files?: string[]; categories?: string[] } = {},
): NamespaceNames {
  const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
  return {
    files: new Set([...FILE_PREFIXES, ...lower(extra.files ?? [])]),
    categories: new Set([...CATEGORY_PREFIXES, ...lower(extra.categories ?? [])]),
  };
}

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  minus: "−",
  times: "×",
  middot: "·",
  shy: "",
  zwj: "",
  zwnj: "",
  thinsp: " ",
  ensp: " ",
  emsp: " ",
  laquo: "«",
  raquo: "»",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  deg: "°",
  copy: "©",
  reg: "®",
  euro: "€",
  pound: "£",
};

/** Resolves HTML character references; unknown named ones are kept as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X"
        ? parseInt(body.slice(2), 16)
        : parseInt(body.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Tags whose whole content is dropped. */
const DROPPED_ELEMENTS =
  /<(ref|references|gallery|math|chem|score|timeline|imagemap|graph|mapframe|maplink|templatedata|noinclude|includeonly|inputbox|categorytree|indicator|templatestyles)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/gi;

/**
 * Drops comments, references and other non-prose elements, and turns `<br>` into line
 * breaks. Self-closing `<ref/>` and unclosed leftovers are removed too.
 */
export function dropNonProse(text: string): string {
  if (!text.includes("<")) return text; // every pattern below starts with "<"
  return text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .replace(DROPPED_ELEMENTS, "")
    .replace(/<(?:ref|references)\b[^>]*>/gi, "")
    .replace(/<\/(?:ref|references)\s*>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n");
}

/** Removes the remaining HTML tags, keeping their content. */
export function stripTags(text: string): string {
  if (!text.includes("<")) return text;
  return text.replace(/<\/?[a-z][a-z0-9]*\b[^<>]*>/gi, "");
}

/** What an internal link `[[inner]]` becomes. */
export function linkText(inner: string, names: NamespaceNames, categories: string[]): string {
  const bar = inner.indexOf("|");
  let target = (bar >= 0 ? inner.slice(0, bar) : inner).trim();
  const label = bar >= 0 ? inner.slice(bar + 1).trim() : "";
  const leadingColon = target.startsWith(":");
  if (leadingColon) target = target.slice(1).trim();
  const colon = target.indexOf(":");
  if (colon > 0) {
    const prefix = target.slice(0, colon).trim().toLowerCase();
    if (names.files.has(prefix)) return "";
    if (names.categories.has(prefix)) {
      if (!leadingColon) {
        categories.push(target.slice(colon + 1).trim());
        return "";
      }
      return label || target.slice(colon + 1).trim();
    }
    // Interlanguage links ([[de:Seite]]) sit on their own and carry no prose.
    if (!leadingColon && !label && /^[a-z]{2,3}(?:-[a-z]+)?$/.test(prefix)) return "";
  }
  if (bar >= 0 && IMAGE_OPTION.test(`|${inner.slice(bar + 1)}]]`)) return "";
  if (label) return label;
  const hash = target.indexOf("#");
  const shown = hash > 0 ? target.slice(0, hash) : hash === 0 ? target.slice(1) : target;
  return colon > 0 && !leadingColon ? shown.slice(shown.indexOf(":") + 1) : shown;
}

/**
 * Replaces `[[…]]` links by their text, innermost first (file captions hold links), so
 * nested brackets resolve. Category links are dropped and their names pushed to
 * `categories`.
 */
export function replaceLinks(text: string, names: NamespaceNames, categories: string[]): string {
  let out = text;
  for (let pass = 0; pass < 8; pass++) {
    const next = replaceInnermostLinks(out, names, categories);
    if (next === null) break;
    out = next;
  }
  return out;
}

const OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;

/**
 * One pass of {@linkcode replaceLinks}: each `[[inner]]` whose inner part holds no
 * bracket, left to right, replaced by its text (the links `/\[\[([^[\]]*)\]\]/g` finds,
 * without a call per match through `String.prototype.replace`); null when there is none.
 */
function replaceInnermostLinks(
  text: string,
  names: NamespaceNames,
  categories: string[],
): string | null {
  let open = text.indexOf("[[");
  if (open < 0) return null;
  let out = "";
  // Where the text is copied up to: past the last link replaced (0: none yet, since a
  // link ends 4 characters in at the earliest).
  let copied = 0;
  while (open >= 0) {
    let close = open + 2;
    let c = text.charCodeAt(close);
    while (close < text.length && c !== OPEN_BRACKET && c !== CLOSE_BRACKET) {
      c = text.charCodeAt(++close);
    }
    if (c === CLOSE_BRACKET && text.charCodeAt(close + 1) === CLOSE_BRACKET) {
      out += text.slice(copied, open) + linkText(text.slice(open + 2, close), names, categories);
      copied = close + 2;
      open = text.indexOf("[[", copied);
    } else open = text.indexOf("[[", open + 1);
  }
  return copied === 0 ? null : out + text.slice(copied);
}

/** External links: `[url label]` → label, `[url]` → nothing. Bare URLs stay. */
export function replaceExternalLinks(text: string): string {
  if (!text.includes("[")) return text;
  return text.replace(
    /\[(?:https?:|ftp:)?\/\/[^\s\]]+(?:\s+([^\]]*))?\]/gi,
    (_, label?: string) => label?.trim() ?? "",
  );
}

/** Bold and italic quote runs removed (`'''''`, `'''`, `''`). */
export function stripQuotes(text: string): string {
  if (!text.includes("''")) return text;
  // A run of exactly four keeps its first quote (captured); any other run goes whole.
  return text.replace(QUOTE_RUN, "$1");
}

/** A run of quotes, from its start: exactly four (the first captured), or any other. */
const QUOTE_RUN = /(')'''(?!')|'{2,}/g;

/** White space runs as single spaces, trimmed; a text with none to fold is only trimmed. */
export function collapseSpaces(text: string): string {
  return (FOLDABLE_SPACE.test(text) ? text.replace(/\s+/g, " ") : text).trim();
}

/** White space other than lone plain spaces: what `/\s+/g → " "` would change. */
const FOLDABLE_SPACE = /[^\S ]| {2}/;

/**
 * One line of inline wikitext as plain text (templates already resolved): links,
 * external links, quotes, tags and entities.
 */
export function inlineText(text: string, names: NamespaceNames, categories: string[]): string {
  let out = replaceLinks(text, names, categories);
  out = replaceExternalLinks(out);
  out = stripQuotes(out);
  out = stripTags(out);
  return decodeEntities(out);
}
