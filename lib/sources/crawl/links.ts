/**
 * Which links a crawl follows: `<a href>` and `<area href>` of a page, resolved against
 * its `<base>` or URL, fragments dropped, kept only when they stay on the crawled origin,
 * are not `rel=nofollow`, and do not name an obvious non-page file (images, archives…).
 *
 * @module
 */

/** Extensions that never hold a page worth cleaning. */
const ASSET_EXTENSION =
  /\.(?:png|jpe?g|gif|webp|svg|ico|bmp|tiff?|css|js|mjs|json|xml|rss|atom|zip|gz|bz2|7z|tar|rar|mp3|mp4|m4a|ogg|wav|webm|avi|mov|woff2?|ttf|otf|eot|exe|dmg|iso|apk|pdf|docx?|xlsx?|pptx?|epub)$/i;

/** Whether `url` names a file that is not a page, by its extension. */
export function looksLikeAsset(url: URL): boolean {
  return ASSET_EXTENSION.test(url.pathname);
}

/** A URL in the form the crawl keys by: absolute, without fragment; null if not http(s). */
export function normalizeUrl(href: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  return url.href;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  if (!match) return null;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? "");
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/gi, (_, e: string) => {
    const map: Record<string, string> = {
      amp: "&",
      lt: "<",
      gt: ">",
      quot: '"',
      "#39": "'",
      "#x27": "'",
      apos: "'",
    };
    return map[e.toLowerCase()] ?? _;
  });
}

/** The robots directives of a page's `<meta name="robots">` (and `lorechat`). */
export function metaRobots(html: string): { noindex: boolean; nofollow: boolean } {
  let noindex = false;
  let nofollow = false;
  for (const match of html.matchAll(/<meta\b[^>]*>/gi)) {
    const name = attribute(match[0], "name")?.toLowerCase();
    if (name !== "robots" && name !== "lorechat") continue;
    const content = (attribute(match[0], "content") ?? "").toLowerCase();
    if (/\b(?:noindex|none)\b/.test(content)) noindex = true;
    if (/\b(?:nofollow|none)\b/.test(content)) nofollow = true;
  }
  return { noindex, nofollow };
}

/**
 * The distinct same-origin page links of `html` fetched from `pageUrl`, in document order.
 *
 * @example
 * ```ts
 * import { extractLinks } from "./links.ts";
 * const links = extractLinks(
 *   '<a href="/b#top">B</a> <a href="https://elsewhere.example/">X</a>',
 *   "https://lore.example/a",
 * );
 * // links → ["https://lore.example/b"]
 * ```
 */
export function extractLinks(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const baseTag = /<base\b[^>]*>/i.exec(html);
  const base = (baseTag && normalizeUrl(attribute(baseTag[0], "href") ?? "", pageUrl)) || pageUrl;
  const found = new Set<string>();
  for (const match of html.matchAll(/<(?:a|area)\b[^>]*>/gi)) {
    const tag = match[0];
    const href = attribute(tag, "href");
    if (!href || /\bnofollow\b/i.test(attribute(tag, "rel") ?? "")) continue;
    const url = normalizeUrl(href, base);
    if (!url) continue;
    const parsed = new URL(url);
    if (parsed.origin !== origin || looksLikeAsset(parsed)) continue;
    found.add(url);
  }
  return [...found];
}
