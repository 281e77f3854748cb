/**
 * Just enough XML reading for package metadata (DOCX core properties, EPUB container and
 * package files): element text and the attributes of elements by tag name. These files
 * are small and flat; a full XML parser would add nothing but weight.
 *
 * @module
 */

/** XML's five predefined entities, by name. */
export const XML_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** Resolves the XML predefined and numeric character references. */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return XML_ENTITIES[ref] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X"
      ? parseInt(ref.slice(2), 16)
      : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The text of the first `<tag>` element (entities decoded, tags inside dropped), or "". */
export function xmlText(xml: string, tag: string): string {
  const name = escapeRegExp(tag);
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  if (!match) return "";
  const inner = match[1].replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1").replace(/<[^>]*>/g, "");
  return decodeXmlEntities(inner).replace(/\s+/g, " ").trim();
}

/** The attributes of every `<tag …>` element, in document order (names as written). */
export function xmlElements(xml: string, tag: string): Record<string, string>[] {
  const name = escapeRegExp(tag);
  const out: Record<string, string>[] = [];
  for (const match of xml.matchAll(new RegExp(`<${name}(\\s[^>]*?)?\\/?>`, "g"))) {
    const attributes: Record<string, string> = {};
    for (const attr of (match[1] ?? "").matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      attributes[attr[1]] = decodeXmlEntities(attr[3] ?? attr[4] ?? "");
    }
    out.push(attributes);
  }
  return out;
}
