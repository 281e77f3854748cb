/**
 * Live sources: a polite site crawler (robots.txt, sitemaps, same-origin links,
 * conditional re-fetch, resumable state) and a MediaWiki API reader, both yielding
 * `SourceEntry`s for `lib/ingest`. {@linkcode readUrl} picks the right one for a URL.
 *
 * @example
 * ```ts ignore
 * import { CrawlState, readUrl } from "./mod.ts";
 * const state = new CrawlState(".data/crawl/lore.example.sqlite");
 * for await (const entry of readUrl("https://lore.example/", { state })) console.log(entry.id);
 * state.close();
 * ```
 *
 * @module
 */
export { type CrawlOptions, crawlSite } from "./crawler.ts";
export type { CrawlEvent } from "./crawl_page.ts";
export {
  type ClaimedPage,
  CrawlState,
  type PageStatus,
  type StoredResource,
} from "./crawl_state.ts";
export { extractLinks, normalizeUrl } from "./links.ts";
export {
  type Clock,
  FetchError,
  type FetchErrorKind,
  LORECHAT_USER_AGENT,
  PoliteFetcher,
  type PoliteFetchOptions,
  systemClock,
  virtualClock,
} from "./polite_fetch.ts";
export { loadRobots, parseRobots, type RobotsRules } from "./robots.ts";
export { parseSitemap, type Sitemap } from "./sitemap.ts";
export {
  type ApiResult,
  articleUrl,
  MediaWikiApi,
  MediaWikiApiError,
  type MediaWikiApiOptions,
  type SiteInfo,
} from "./mediawiki_api.ts";
export {
  type MediaWikiReadOptions,
  readMediaWiki,
  type WikiPageDocument,
  type WikitextToMarkdown,
  withAliases,
} from "./mediawiki_reader.ts";
export {
  crawlStatePath,
  detectMediaWiki,
  mediaWikiHints,
  probeSite,
  readUrl,
  type ReadUrlOptions,
  type SiteProbe,
} from "./read_url.ts";
export {
  type CrawlFlags,
  isHttpUrl,
  openUrlSource,
  parseCrawlFlags,
  type UrlSource,
} from "./url_source.ts";
