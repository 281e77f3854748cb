/**
 * Titles in a MediaWiki dump: namespaces inferred from a title's prefix (exports may
 * omit `<ns>`), page URLs from `<siteinfo><base>`, and the redirect scan that collects
 * every alias before pages are converted.
 *
 * @module
 */
import { detach } from "./decompress.ts";
import { pageHeads } from "./page_heads.ts";
import { XML_ENTITIES } from "./xml_text.ts";
import type { SiteInfo } from "./mediawiki_xml.ts";

/** MediaWiki's canonical namespace names, which every wiki accepts besides its own. */
const CANONICAL: Record<string, number> = {
  media: -2,
  special: -1,
  talk: 1,
  user: 2,
  "user talk": 3,
  project: 4,
  "project talk": 5,
  file: 6,
  image: 6,
  "file talk": 7,
  mediawiki: 8,
  "mediawiki talk": 9,
  template: 10,
  "template talk": 11,
  help: 12,
  "help talk": 13,
  category: 14,
  "category talk": 15,
  module: 828,
  "module talk": 829,
};

/** Namespace number of `title` by its prefix (0 when it has none the wiki knows). */
export function namespaceOf(title: string, siteinfo: SiteInfo | null): number {
  const colon = title.indexOf(":");
  if (colon <= 0) return 0;
  const prefix = title.slice(0, colon).replace(/_/g, " ").trim().toLowerCase();
  for (const [key, name] of siteinfo?.namespaces ?? []) {
    if (key !== 0 && name.toLowerCase() === prefix) return key;
  }
  return CANONICAL[prefix] ?? 0;
}

/** Names of the wiki's file (6) and category (14) namespaces, for the converter. */
export function siteNamespaceNames(siteinfo: SiteInfo | null): {
  files: string[];
  categories: string[];
} {
  const name = (key: number) => siteinfo?.namespaces.get(key);
  return {
    files: [name(6), name(-2)].filter((n): n is string => !!n),
    categories: [name(14)].filter((n): n is string => !!n),
  };
}

/** A title as MediaWiki normalises it: underscores as spaces, first letter upper case. */
export function normalizeTitle(title: string): string {
  const t = title.replace(/_/g, " ").replace(/\s+/g, " ").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Characters MediaWiki leaves unescaped in page URLs. */
const KEPT = /%(3A|2F|28|29|2C|3B|40|24|21|2A|7E)/gi;

/**
 * The URL of a page: `<base>` up to its last `/`, then the title with underscores,
 * percent-encoded as MediaWiki does. "" without a base.
 *
 * @example
 * ```ts
 * import { pageUrl } from "./dump_titles.ts";
 * const url = pageUrl("https://lore.example/wiki/Main_Page", "Ser Aldric (knight)");
 * console.assert(url === "https://lore.example/wiki/Ser_Aldric_(knight)");
 * ```
 */
export function pageUrl(base: string | undefined, title: string): string {
  if (!base) return "";
  let prefix: string;
  try {
    const url = new URL(base);
    prefix = `${url.origin}${url.pathname.slice(0, url.pathname.lastIndexOf("/") + 1)}`;
  } catch {
    return "";
  }
  const encoded = encodeURIComponent(title.trim().replace(/ /g, "_"))
    .replace(KEPT, (e) => decodeURIComponent(e));
  return prefix + encoded;
}

const TEXT_REDIRECT =
  /<text\b[^>]*>\s*#(?:redirect|weiterleitung|redirection|doorverwijzing|aanstuur|tilvísing|patrz|przekieruj)\s*:?\s*\[\[([^\]|#<]*)/i;

function decodeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => XML_ENTITIES[e],
  );
}

/** One redirect found by {@linkcode scanRedirects}. */
export interface RedirectEntry {
  from: string;
  to: string;
  /** `<ns>` of the redirect page when the export gives it. */
  ns?: number;
}

/**
 * Every redirect of an export, read with a light scan of each `<page>`'s head (no XML
 * parse, no conversion, and only the head decoded: `page_heads.ts`): the pass that lets
 * aliases reach their target page wherever the redirect sits in the dump. Malformed XML
 * is left to the main pass to report.
 */
export async function* scanRedirects(
  bytes: ReadableStream<Uint8Array>,
): AsyncGenerator<RedirectEntry> {
  for await (const head of pageHeads(bytes)) {
    const entry = redirectOfHead(head);
    if (entry) yield entry;
  }
}

/** The redirect a page's head (`pageHeads`) declares, if any. */
function redirectOfHead(head: string): RedirectEntry | null {
  const title = /<title>([^<]*)<\/title>/.exec(head)?.[1];
  if (title === undefined) return null;
  const ns = /<ns>\s*(-?\d+)\s*<\/ns>/.exec(head)?.[1];
  const target = /<redirect\s+title="([^"]*)"/.exec(head)?.[1] ?? TEXT_REDIRECT.exec(head)?.[1];
  if (target === undefined || target.trim() === "") return null;
  return {
    from: detach(decodeXml(title)),
    to: detach(decodeXml(target).trim()),
    ...(ns !== undefined ? { ns: Number(ns) } : {}),
  };
}
