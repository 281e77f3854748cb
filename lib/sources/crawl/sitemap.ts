/**
 * Sitemaps (sitemaps.org protocol): `<urlset>` files list pages, `<sitemapindex>` files
 * list more sitemaps. Plain or gzipped. Parsing reads only `<loc>` entries, which is all
 * the protocol puts there.
 *
 * @module
 */
import { gunzipCapped, isGzip } from "../../ingest/clean/mod.ts";

/** A parsed sitemap: page URLs (`urlset`) or child sitemap URLs (`index`). */
export interface Sitemap {
  kind: "urlset" | "index";
  locs: string[];
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
};

function decodeXmlText(text: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(text);
  if (cdata) return cdata[1].trim();
  return text.replace(/&(?:amp|lt|gt|quot|apos);/g, (m) => ENTITIES[m]).replace(
    /&#(x?)([0-9a-f]+);/gi,
    (_, hex, digits) => String.fromCodePoint(parseInt(digits, hex ? 16 : 10)),
  );
}

/**
 * Parses sitemap XML. Relative or malformed `<loc>`s are resolved against `baseUrl` or
 * dropped. Anything that is neither a urlset nor an index yields an empty urlset.
 *
 * @example
 * ```ts
 * import { parseSitemap } from "./sitemap.ts";
 * const map = parseSitemap(
 *   "<urlset><url><loc>https://lore.example/a</loc></url></urlset>",
 *   "https://lore.example/sitemap.xml",
 * );
 * // map.kind === "urlset", map.locs[0] === "https://lore.example/a"
 * ```
 */
export function parseSitemap(xml: string, baseUrl: string): Sitemap {
  const kind = /<(?:[\w-]+:)?sitemapindex[\s>]/i.test(xml) ? "index" : "urlset";
  const locs: string[] = [];
  for (const match of xml.matchAll(/<(?:[\w-]+:)?loc\s*>([\s\S]*?)<\/(?:[\w-]+:)?loc\s*>/gi)) {
    const text = decodeXmlText(match[1].trim());
    try {
      locs.push(new URL(text, baseUrl).href);
    } catch {
      // A malformed <loc> is skipped; the rest of the sitemap still counts.
    }
  }
  return { kind, locs };
}

/** Decodes a fetched sitemap body (gzipped or not) to text, capped at 50 MiB unpacked. */
export async function sitemapText(body: Uint8Array): Promise<string> {
  const bytes = isGzip(body) ? await gunzipCapped(body, 50 * 1024 * 1024) : body;
  return new TextDecoder().decode(bytes);
}
