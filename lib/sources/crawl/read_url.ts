/**
 * `deno task ingest https://…`: one entry point for a URL. A MediaWiki site is read
 * through its API; any other site is crawled. Which one a site is gets decided once
 * and remembered in the crawl state, so a re-run spends no request on it.
 *
 * MediaWiki is recognised by a URL ending in `api.php`, by the `EditURI` (RSD) link
 * every MediaWiki page carries, or by `<meta name="generator" content="MediaWiki …">`
 * (then `/w/api.php` and `/api.php` are tried) — each confirmed by asking `siteinfo`.
 *
 * @module
 */
import type { SourceEntry } from "../../ingest/mod.ts";
import { type CrawlOptions, crawlSite } from "./crawler.ts";
import { CrawlState } from "./crawl_state.ts";
import { decodeHtmlBytes } from "../../ingest/mod.ts";
import { MediaWikiApi } from "./mediawiki_api.ts";
import { type MediaWikiReadOptions, readMediaWiki } from "./mediawiki_reader.ts";
import { PoliteFetcher } from "./polite_fetch.ts";

/** Options of {@linkcode readUrl}: those of the crawler and of the wiki reader. */
export interface ReadUrlOptions
  extends CrawlOptions, Omit<MediaWikiReadOptions, "state" | "fetcher"> {
  /** Skip detection: `site` always crawls, `mediawiki` requires an API. Default `auto`. */
  mode?: "auto" | "site" | "mediawiki";
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i").exec(tag);
  return m ? (m[1] ?? m[2]).replaceAll("&amp;", "&") : null;
}

/** The api.php a page's HTML points at (RSD link), and whether it says it is MediaWiki. */
export function mediaWikiHints(
  html: string,
  pageUrl: string,
): { api: string | null; generator: boolean } {
  let api: string | null = null;
  let generator = false;
  for (const [tag] of html.matchAll(/<(?:link|meta)\b[^>]*>/gi)) {
    const rel = attr(tag, "rel")?.toLowerCase();
    const href = attr(tag, "href");
    if (rel === "edituri" && href && /api\.php/i.test(href)) {
      const url = new URL(href, pageUrl);
      url.search = "";
      api = url.href;
    }
    if (
      attr(tag, "name")?.toLowerCase() === "generator" &&
      /^mediawiki\b/i.test(attr(tag, "content") ?? "")
    ) {
      generator = true;
    }
  }
  return { api, generator };
}

async function isMediaWikiApi(
  api: string,
  fetcher: PoliteFetcher,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    const info = await new MediaWikiApi(api, fetcher, { maxlagRetries: 1 }).siteInfo(signal);
    return /^mediawiki\b/i.test(info.generator);
  } catch (error) {
    if (signal?.aborted) throw error;
    return false;
  }
}

/** What one look at a URL tells: the wiki API behind it, and where it really starts. */
export interface SiteProbe {
  /** The MediaWiki `api.php`, or null when the site is not a MediaWiki. */
  api: string | null;
  /** The URL after redirects (e.g. `http://` → `https://www.`), where a crawl starts. */
  start: string;
}

/**
 * Fetches `url` once (following redirects to any host: the user named it) and tells
 * whether a MediaWiki is behind it and where the site really starts.
 */
export async function probeSite(
  url: string,
  fetcher: PoliteFetcher,
  signal?: AbortSignal,
): Promise<SiteProbe> {
  const target = new URL(url);
  if (/\/api\.php$/i.test(target.pathname)) {
    target.search = "";
    const api = await isMediaWikiApi(target.href, fetcher, signal) ? target.href : null;
    return { api, start: url };
  }
  let hints: { api: string | null; generator: boolean };
  let start = url;
  try {
    const res = await fetcher.get(url, {
      signal,
      allowRedirect: (to) => /^https?:$/.test(to.protocol),
    });
    start = res.url;
    if (res.status !== 200) return { api: null, start };
    const html = decodeHtmlBytes(res.body, res.headers.get("content-type") ?? undefined);
    hints = mediaWikiHints(html, res.url);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { api: null, start };
  }
  const candidates = hints.api ? [hints.api] : [];
  if (hints.generator && !hints.api) {
    candidates.push(new URL("/w/api.php", start).href, new URL("/api.php", start).href);
  }
  for (const api of candidates) {
    if (await isMediaWikiApi(api, fetcher, signal)) return { api, start };
  }
  return { api: null, start };
}

/** The `api.php` URL of the MediaWiki at `url`, or null when the site is not one. */
export async function detectMediaWiki(
  url: string,
  fetcher: PoliteFetcher,
  signal?: AbortSignal,
): Promise<string | null> {
  return (await probeSite(url, fetcher, signal)).api;
}

/**
 * Everything at `url`, as source entries: a wiki's pages through its API, or a crawl.
 *
 * @example
 * ```ts ignore
 * const state = new CrawlState(".data/crawl/lore.example.sqlite");
 * const report = await indexDocuments(readUrl("https://lore.example/", { state }), { … });
 * state.close();
 * ```
 */
export async function* readUrl(
  url: string,
  options: ReadUrlOptions = {},
): AsyncGenerator<SourceEntry> {
  const fetcher = options.fetcher ?? new PoliteFetcher(options);
  const state = options.state ?? new CrawlState(":memory:");
  try {
    let api = state.getMeta("mediawiki_api");
    if (!state.getMeta("site_kind") || (options.mode === "mediawiki" && !api)) {
      const probe = await probeSite(url, fetcher, options.signal);
      api = probe.api;
      state.setMeta("site_kind", api ? "mediawiki" : "site");
      state.setMeta("start_url", probe.start);
      if (api) state.setMeta("mediawiki_api", api);
    }
    if (options.mode === "site") api = null;
    if (options.mode === "mediawiki" && !api) {
      yield { failed: true, id: url, source: url, reason: "no MediaWiki API found at this URL" };
      return;
    }
    if (api) yield* readMediaWiki(api, { ...options, fetcher, state });
    else yield* crawlSite(state.getMeta("start_url") ?? url, { ...options, fetcher, state });
  } finally {
    if (!options.state) state.close();
  }
}

/** The state file for crawling `url` under `dataDir`: one per site. */
export async function crawlStatePath(dataDir: string, url: string): Promise<string> {
  const parsed = new URL(url);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parsed.href)),
  );
  const hash = [...digest.slice(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const host = parsed.host.replace(/[^a-z0-9.-]/gi, "_");
  return `${dataDir.replace(/\/+$/, "")}/crawl/${host}-${hash}.sqlite`;
}
