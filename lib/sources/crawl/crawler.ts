/**
 * The site crawler: from a start URL, breadth first over same-origin links and the
 * site's sitemaps, within robots.txt, `maxPages` and `maxDepth`, a few pages at a time.
 * It yields a {@linkcode SourceEntry} per page as pages finish, so the indexer writes as
 * the crawl goes; the crawl state makes the next run conditional and an interrupted run
 * resumable.
 *
 * @module
 */
import type { SourceEntry } from "../../ingest/mod.ts";
import { type CrawlEvent, crawlPage, type PageContext } from "./crawl_page.ts";
import { CrawlState } from "./crawl_state.ts";
import { looksLikeAsset, normalizeUrl } from "./links.ts";
import { PoliteFetcher, type PoliteFetchOptions } from "./polite_fetch.ts";
import { loadRobots, type RobotsRules } from "./robots.ts";
import { parseSitemap, sitemapText } from "./sitemap.ts";

/** Options of {@linkcode crawlSite}, over those of the fetcher. */
export interface CrawlOptions extends PoliteFetchOptions {
  /** Where the crawl remembers validators, documents and its frontier. Default: in memory. */
  state?: CrawlState;
  /** A fetcher to share (its own options then apply). */
  fetcher?: PoliteFetcher;
  /** Pages fetched (or reused) per run at most. Default 10,000. */
  maxPages?: number;
  /** Link hops from the start page and sitemap entries. Default 10. */
  maxDepth?: number;
  signal?: AbortSignal;
  /** Told about pages that yield no document (skipped, gone, unchanged). */
  onEvent?: (event: CrawlEvent) => void;
}

/** Sitemap files read per run at most (indexes included). */
const MAX_SITEMAPS = 1000;

/**
 * Crawls the site at `startUrl`.
 *
 * @example
 * ```ts ignore
 * import { crawlSite, CrawlState } from "./mod.ts";
 * const state = new CrawlState(".data/crawl/lore.example.sqlite");
 * for await (const entry of crawlSite("https://lore.example/", { state, maxPages: 500 })) {
 *   console.log(entry.id);
 * }
 * state.close();
 * ```
 */
export async function* crawlSite(
  startUrl: string,
  options: CrawlOptions = {},
): AsyncGenerator<SourceEntry> {
  const start = normalizeUrl(startUrl);
  if (!start) throw new TypeError(`not an http(s) URL: ${startUrl}`);
  const origin = new URL(start).origin;
  const state = options.state ?? new CrawlState(":memory:");
  const fetcher = options.fetcher ?? new PoliteFetcher(options);
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const inflight = new Map<string, Promise<{ url: string; entry: SourceEntry | null }>>();
  try {
    const { run, resumed } = state.beginRun();
    const robots = await loadRobots(origin, fetcher, controller.signal);
    if (robots.blockedReason) {
      yield { failed: true, id: start, source: start, reason: robots.blockedReason };
      return;
    }
    if (resumed) yield* state.finishedDocuments();
    // Seeding is done once per run; a run interrupted while seeding seeds again.
    if (state.getMeta("seeded_run") !== String(run)) {
      state.enqueue([start], 0);
      await seedFromSitemaps(origin, robots, fetcher, state, controller.signal);
      state.setMeta("seeded_run", String(run));
    }
    const ctx: PageContext = {
      origin,
      fetcher,
      robots,
      state,
      maxDepth: options.maxDepth ?? 10,
      signal: controller.signal,
      onEvent: options.onEvent,
    };
    yield* drainFrontier(ctx, inflight, {
      maxPages: options.maxPages ?? 10_000,
      concurrency: Math.max(1, options.concurrency ?? 2),
    });
    controller.signal.throwIfAborted();
    state.completeRun();
  } finally {
    controller.abort(new Error("crawl stopped"));
    await Promise.allSettled(inflight.values());
    options.signal?.removeEventListener("abort", onAbort);
    if (!options.state) state.close();
  }
}

async function* drainFrontier(
  ctx: PageContext,
  inflight: Map<string, Promise<{ url: string; entry: SourceEntry | null }>>,
  limits: { maxPages: number; concurrency: number },
): AsyncGenerator<SourceEntry> {
  let claimed = ctx.state.claimedCount();
  for (;;) {
    while (inflight.size < limits.concurrency && claimed < limits.maxPages) {
      const [page] = ctx.state.claim(1);
      if (!page) break;
      claimed++;
      inflight.set(page.url, guardedCrawl(page.url, page.depth, ctx));
    }
    if (inflight.size === 0) return;
    const { url, entry } = await Promise.race(inflight.values());
    inflight.delete(url);
    if (entry) yield entry;
  }
}

async function guardedCrawl(
  url: string,
  depth: number,
  ctx: PageContext,
): Promise<{ url: string; entry: SourceEntry | null }> {
  try {
    return { url, entry: await crawlPage({ url, depth }, ctx) };
  } catch (error) {
    if (ctx.signal.aborted) throw error; // the run stays unfinished, to be resumed
    ctx.state.mark(url, "failed");
    return { url, entry: { failed: true, id: url, source: url, reason: (error as Error).message } };
  }
}

/**
 * Puts every page the site's sitemaps list on the frontier at depth 0: those robots.txt
 * names, else `/sitemap.xml`. Indexes are followed; unchanged sitemaps (304) reuse the
 * entries remembered from the last run.
 */
async function seedFromSitemaps(
  origin: string,
  robots: RobotsRules,
  fetcher: PoliteFetcher,
  state: CrawlState,
  signal: AbortSignal,
): Promise<void> {
  const listed = robots.sitemaps.map((u) => normalizeUrl(u)).filter((u): u is string =>
    u !== null && new URL(u).origin === origin
  );
  const queue = listed.length > 0 ? listed : [new URL("/sitemap.xml", origin).href];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length && i < MAX_SITEMAPS; i++) {
    if (!robots.allows(queue[i])) continue;
    const entries = await readSitemap(queue[i], fetcher, state, signal);
    const pages: string[] = [];
    for (const loc of entries.locs) {
      const url = normalizeUrl(loc);
      if (!url || new URL(url).origin !== origin) continue;
      if (entries.kind === "index") {
        if (!seen.has(url)) queue.push(url), seen.add(url);
      } else if (!looksLikeAsset(new URL(url)) && robots.allows(url)) {
        pages.push(url);
      }
    }
    if (pages.length > 0) state.enqueue(pages, 0);
  }
}

async function readSitemap(
  url: string,
  fetcher: PoliteFetcher,
  state: CrawlState,
  signal: AbortSignal,
): Promise<{ kind: "urlset" | "index"; locs: string[] }> {
  const stored = await state.resource(url);
  const headers: Record<string, string> = {};
  if (stored?.etag) headers["if-none-match"] = stored.etag;
  if (stored?.lastModified) headers["if-modified-since"] = stored.lastModified;
  try {
    const res = await fetcher.get(url, {
      headers,
      signal,
      allowRedirect: (u) => u.origin === new URL(url).origin,
    });
    if (res.status === 304 && stored) {
      return { kind: stored.version === "index" ? "index" : "urlset", locs: stored.links };
    }
    if (res.status !== 200) return { kind: "urlset", locs: [] };
    const map = parseSitemap(await sitemapText(res.body), res.url);
    const etag = res.headers.get("etag");
    const lastModified = res.headers.get("last-modified");
    await state.save(url, {
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
      version: map.kind,
      links: map.locs,
      document: null,
    });
    return map;
  } catch (error) {
    if (signal.aborted) throw error;
    return { kind: "urlset", locs: [] }; // A broken sitemap only loses its hints; links still lead on.
  }
}
