/**
 * Page metadata: title, description, canonical URL, language and the base URL that
 * relative links resolve against.
 *
 * @module
 */

/** Metadata read from a page's `<head>` (and its first heading when there is no title). */
export interface PageMetadata {
  title: string;
  description: string;
  url: string;
  lang: string;
  /** Absolute URL relative links resolve against, or "" when none is known. */
  baseUrl: string;
}

/** Reads title, description, url, lang and base URL; `url` (when given) wins for url. */
export function extractMetadata(document: Document, url?: string): PageMetadata {
  const canonical = absolute(attr(document, 'link[rel~="canonical" i]', "href"), url);
  const ogUrl = absolute(meta(document, "og:url"), url);
  const pageUrl = absolute(url) || canonical || ogUrl;
  const base = absolute(attr(document, "base[href]", "href"), pageUrl) || pageUrl;
  return {
    title: extractTitle(document, pageUrl),
    description: squash(
      meta(document, "description") || meta(document, "og:description") ||
        meta(document, "twitter:description"),
    ),
    url: pageUrl,
    lang: squash(document.documentElement?.getAttribute("lang") ?? "") ||
      squash(attr(document, 'meta[http-equiv="content-language" i]', "content")).split(",")[0]
        .trim(),
    baseUrl: base,
  };
}

function extractTitle(document: Document, url: string): string {
  const og = squash(meta(document, "og:title") || meta(document, "twitter:title"));
  const tag = squash(find(document, "title")?.textContent ?? "");
  const h1 = squash(document.querySelector("h1")?.textContent ?? "");
  const siteName = squash(meta(document, "og:site_name") || meta(document, "application-name"));
  const raw = og || tag || h1;
  return raw ? stripSiteSuffix(raw, { siteName, h1, url }) : "";
}

const SEPARATOR_RE = /\s+(?:\||-|–|—|::|·|•|»)\s+/;

/**
 * Removes a trailing (or leading) " | Site" segment when it is recognisably the site:
 * it matches og:site_name or the host name, the rest equals the page's h1, or the
 * separator is a pipe-like one and the segment is short.
 */
export function stripSiteSuffix(
  title: string,
  context: { siteName?: string; h1?: string; url?: string },
): string {
  const parts = title.split(SEPARATOR_RE);
  if (parts.length < 2) return title;
  const separators = title.match(new RegExp(SEPARATOR_RE.source, "g")) ?? [];
  const site = key(context.siteName ?? "");
  const host = hostName(context.url ?? "");
  const hostKeys = [key(host), key(host.replace(/\.[a-z]+$/, ""))].filter((k) => k.length > 0);
  const isSite = (part: string) => {
    const k = key(part);
    if (!k) return false;
    return k === site || hostKeys.some((h) => h === k || (k.length >= 4 && h.includes(k)));
  };
  const last = parts[parts.length - 1];
  const first = parts[0];
  const h1 = key(context.h1 ?? "");
  if (isSite(last)) {
    return title.slice(0, title.length - last.length - lastSeparatorLength(separators)).trim();
  }
  if (isSite(first) && parts.length > 1) {
    return title.slice(first.length + (separators[0]?.length ?? 0)).trim();
  }
  const withoutLast = title.slice(0, title.length - last.length - lastSeparatorLength(separators))
    .trim();
  if (h1 && key(withoutLast) === h1) return withoutLast;
  const sep = separators[separators.length - 1].trim();
  const shortTail = last.split(/\s+/).length <= 4 && withoutLast.split(/\s+/).length >= 2;
  if (/^(\||::|·|•|»)$/.test(sep) && shortTail) return withoutLast;
  return title;
}

function lastSeparatorLength(separators: string[]): number {
  return separators[separators.length - 1]?.length ?? 0;
}

function key(text: string): string {
  return text.toLowerCase().replace(/^www\./, "").replace(/[^\p{L}\p{N}]/gu, "");
}

function hostName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

function meta(document: Document, name: string): string {
  const el = find(document, `meta[property="${name}" i]`) ??
    find(document, `meta[name="${name}" i]`);
  return el?.getAttribute("content") ?? "";
}

function attr(document: Document, selector: string, name: string): string {
  return find(document, selector)?.getAttribute(name) ?? "";
}

/** Looks in `<head>` first: searching a huge body for head-only tags is slow. */
function find(document: Document, selector: string): Element | null {
  const head = document.head;
  const inHead = head?.querySelector(selector);
  if (inHead || (head?.childElementCount ?? 0) > 0) return inHead ?? null;
  return document.querySelector(selector);
}

/** Resolves a URL against a base, returning "" for anything that is not http(s). */
export function absolute(href: string | undefined, base?: string): string {
  const trimmed = href?.trim();
  if (!trimmed) return "";
  try {
    const resolved = new URL(trimmed, base || undefined);
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.href : "";
  } catch {
    return "";
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
