/**
 * One page of a crawl: a conditional GET (ETag / Last-Modified from the last run), a
 * 304 answered from memory, a 200 cleaned into a document and its links put on the
 * frontier. Every outcome is written to the crawl state before the page is handed on.
 *
 * @module
 */
import {
  decodeHtmlBytes,
  documentFromHtml,
  type SourceDocument,
  type SourceEntry,
} from "../../ingest/mod.ts";
import type { ClaimedPage, CrawlState, StoredResource } from "./crawl_state.ts";
import { extractLinks, metaRobots } from "./links.ts";
import { type FetchedResource, FetchError, type PoliteFetcher } from "./polite_fetch.ts";
import type { RobotsRules } from "./robots.ts";

/** Something a crawl did not turn into a document, for logs and progress. */
export interface CrawlEvent {
  kind: "skipped" | "gone" | "unchanged" | "fetched";
  url: string;
  reason?: string;
}

/** What crawling a page needs. */
export interface PageContext {
  origin: string;
  fetcher: PoliteFetcher;
  robots: RobotsRules;
  state: CrawlState;
  maxDepth: number;
  signal: AbortSignal;
  onEvent?: (event: CrawlEvent) => void;
}

const HTML_TYPES = /^(?:text\/html|application\/xhtml\+xml)\b/i;

/** The version of a document fetched at `ms`: a hex timestamp, ordered as the indexer expects. */
export function fetchVersion(ms: number): string {
  return Math.floor(ms).toString(16).padStart(12, "0");
}

function conditionalHeaders(stored: StoredResource | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!stored) return headers;
  if (stored.etag) headers["if-none-match"] = stored.etag;
  if (stored.lastModified) headers["if-modified-since"] = stored.lastModified;
  return headers;
}

/** Crawls one claimed page; returns what to hand to the indexer (null for nothing). */
export async function crawlPage(page: ClaimedPage, ctx: PageContext): Promise<SourceEntry | null> {
  const skip = (reason: string, status: "skipped" | "gone" = "skipped") => {
    ctx.state.mark(page.url, status);
    ctx.onEvent?.({ kind: status, url: page.url, reason });
    return null;
  };
  if (!ctx.robots.allows(page.url)) return skip("disallowed by robots.txt");
  const stored = await ctx.state.resource(page.url);
  let res: FetchedResource;
  try {
    res = await ctx.fetcher.get(page.url, {
      headers: conditionalHeaders(stored),
      signal: ctx.signal,
      allowRedirect: (url) => url.origin === ctx.origin && ctx.robots.allows(url.href),
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (error instanceof FetchError && error.kind === "offsite_redirect") {
      return skip(error.message);
    }
    ctx.state.mark(page.url, "failed");
    return { failed: true, id: page.url, source: page.url, reason: (error as Error).message };
  }
  if (res.url !== page.url && !ctx.state.claimUrl(res.url, page.depth)) {
    // Keep the validators, so the next run's check of this redirect costs a 304.
    await ctx.state.save(page.url, { ...validators(res, stored), links: [], document: null });
    return skip(`redirects to ${res.url}, already crawled`);
  }
  if (res.status === 304 && stored) return await unchanged(page, res, stored, ctx);
  if (res.status === 404 || res.status === 410) return skip(`HTTP ${res.status}`, "gone");
  if (res.status !== 200) {
    ctx.state.mark(page.url, "failed");
    return { failed: true, id: page.url, source: page.url, reason: `HTTP ${res.status}` };
  }
  const type = res.headers.get("content-type") ?? "";
  if (type && !HTML_TYPES.test(type)) return skip(`not HTML (${type.split(";")[0]})`);
  return await fetched(page, res, ctx);
}

/** The validators a response carries (falling back to those remembered when it is a 304). */
function validators(
  res: FetchedResource,
  stored: StoredResource | null,
): Pick<StoredResource, "etag" | "lastModified"> {
  const fresh = res.status === 200 ? null : stored;
  const etag = res.headers.get("etag") ?? fresh?.etag;
  const lastModified = res.headers.get("last-modified") ?? fresh?.lastModified;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

async function remember(
  page: ClaimedPage,
  res: FetchedResource,
  resource: StoredResource,
  ctx: PageContext,
) {
  await ctx.state.save(page.url, resource, "done");
  if (res.url !== page.url) await ctx.state.save(res.url, resource, "done");
  if (page.depth < ctx.maxDepth && resource.links.length > 0) {
    ctx.state.enqueue(resource.links, page.depth + 1);
  }
}

async function unchanged(
  page: ClaimedPage,
  res: FetchedResource,
  stored: StoredResource,
  ctx: PageContext,
): Promise<SourceDocument | null> {
  await remember(page, res, { ...stored, ...validators(res, stored) }, ctx);
  ctx.onEvent?.({ kind: "unchanged", url: page.url });
  return stored.document;
}

async function fetched(
  page: ClaimedPage,
  res: FetchedResource,
  ctx: PageContext,
): Promise<SourceEntry | null> {
  const contentType = res.headers.get("content-type") ?? undefined;
  const html = decodeHtmlBytes(res.body, contentType);
  const robots = metaRobots(html);
  const links = robots.nofollow ? [] : extractLinks(html, res.url);
  let document: SourceDocument | null = null;
  if (!robots.noindex) {
    try {
      document = {
        ...await documentFromHtml(res.url, html, { url: res.url, source: page.url }),
        version: fetchVersion(ctx.fetcher.clock.now()),
      };
    } catch (error) {
      ctx.state.mark(page.url, "failed");
      return {
        failed: true,
        id: res.url,
        source: page.url,
        reason: `could not clean: ${(error as Error).message}`,
      };
    }
  }
  await remember(page, res, { ...validators(res, null), links, document }, ctx);
  ctx.onEvent?.(
    document
      ? { kind: "fetched", url: page.url }
      : { kind: "skipped", url: page.url, reason: "noindex" },
  );
  return document;
}
