/**
 * A live MediaWiki read through its API rather than crawled: redirects listed first (they
 * become aliases of their targets), then every content page with its latest revision id
 * (`generator=allpages&prop=info`, 500 a request). A page whose revision the crawl state
 * already holds is handed on from memory; only new or edited pages are downloaded, as
 * parsed HTML (`action=parse`, cleaned like any page) or, when a wikitext converter is
 * given, as wikitext in batches of 50 (`prop=revisions`).
 *
 * @module
 */
import {
  documentFromHtml,
  sha256Hex,
  type SourceDocument,
  type SourceEntry,
} from "../../ingest/mod.ts";
import { CrawlState } from "./crawl_state.ts";
import { type ApiResult, articleUrl, MediaWikiApi, type SiteInfo } from "./mediawiki_api.ts";
import { PoliteFetcher, type PoliteFetchOptions } from "./polite_fetch.ts";
import { aliasSentence, revisionVersion as pageRevisionVersion } from "../page_document.ts";

/** A wiki page as the reader hands it on: a document plus the titles redirecting to it. */
export interface WikiPageDocument extends SourceDocument {
  /** Titles of the redirects to this page (also written at the top of `markdown`). */
  aliases: string[];
}

/** Turns a page's wikitext into Markdown (the dump reader's converter plugs in here). */
export type WikitextToMarkdown = (
  wikitext: string,
  page: { title: string; url: string },
) => string | Promise<string>;

/** Options of {@linkcode readMediaWiki}, over those of the fetcher. */
export interface MediaWikiReadOptions extends PoliteFetchOptions {
  fetcher?: PoliteFetcher;
  /** Remembers revision ids and documents between runs. Default: in memory. */
  state?: CrawlState;
  /** Namespaces read. Default `[0]` (articles). */
  namespaces?: number[];
  /** Pages handed on per run at most. Default unlimited. */
  maxPages?: number;
  /** When given, pages are fetched as wikitext (batched) and converted with it. */
  wikitextToMarkdown?: WikitextToMarkdown;
  signal?: AbortSignal;
}

interface ListedPage {
  pageid: number;
  title: string;
  lastrevid: number;
}

/** A revision id as a document version, in the same form a dump of the wiki gives it. */
const revisionVersion = (revid: number): string => pageRevisionVersion(String(revid))!;

/**
 * Reads every content page of the wiki whose `api.php` is at `apiUrl`.
 *
 * @example
 * ```ts ignore
 * for await (const entry of readMediaWiki("https://lore.example/w/api.php", { state })) {
 *   console.log(entry.id); // https://lore.example/wiki/Glass_wyrm
 * }
 * ```
 */
export async function* readMediaWiki(
  apiUrl: string,
  options: MediaWikiReadOptions = {},
): AsyncGenerator<SourceEntry> {
  const fetcher = options.fetcher ?? new PoliteFetcher(options);
  const api = new MediaWikiApi(apiUrl, fetcher);
  const state = options.state ?? new CrawlState(":memory:");
  const { signal } = options;
  const namespaces = options.namespaces ?? [0];
  let left = options.maxPages ?? Infinity;
  try {
    const site = await api.siteInfo(signal);
    const aliases = await collectRedirects(api, namespaces, signal);
    for (const ns of namespaces) {
      const listing = api.query({
        generator: "allpages",
        gapnamespace: String(ns),
        gapfilterredir: "nonredirects",
        gaplimit: "max",
        prop: "info",
      }, signal);
      for await (const batch of listing) {
        const pages = ((batch.query?.pages ?? []) as ListedPage[]).slice(0, left);
        left -= pages.length;
        const ctx = { api, site, state, aliases, options, apiUrl };
        for await (const entry of readBatch(pages, ctx)) yield entry;
        if (left <= 0) return;
      }
    }
  } finally {
    if (!options.state) state.close();
  }
}

/** Redirect titles by the title they point to, over the given namespaces. */
async function collectRedirects(
  api: MediaWikiApi,
  namespaces: number[],
  signal?: AbortSignal,
): Promise<Map<string, string[]>> {
  const aliases = new Map<string, string[]>();
  for (const ns of namespaces) {
    const batches = api.query({
      generator: "allpages",
      gapnamespace: String(ns),
      gapfilterredir: "redirects",
      gaplimit: "max",
      redirects: "1",
    }, signal);
    for await (const batch of batches) {
      for (const { from, to } of (batch.query?.redirects ?? []) as { from: string; to: string }[]) {
        const list = aliases.get(to) ?? [];
        if (!list.includes(from)) list.push(from);
        aliases.set(to, list);
      }
    }
  }
  return aliases;
}

interface BatchContext {
  api: MediaWikiApi;
  site: SiteInfo;
  state: CrawlState;
  aliases: Map<string, string[]>;
  options: MediaWikiReadOptions;
  apiUrl: string;
}

async function* readBatch(pages: ListedPage[], ctx: BatchContext): AsyncGenerator<SourceEntry> {
  const changed: ListedPage[] = [];
  // A switch between parsed HTML and wikitext re-reads every page once.
  const mode = ctx.options.wikitextToMarkdown ? "wikitext" : "html";
  for (const page of pages) {
    const stored = await ctx.state.resource(articleUrl(ctx.site, page.title));
    if (stored?.document && stored.version === `${mode}:${revisionVersion(page.lastrevid)}`) {
      yield await withAliases(stored.document, ctx.aliases.get(page.title) ?? []);
    } else {
      changed.push(page);
    }
  }
  const fetchBatch = ctx.options.wikitextToMarkdown ? wikitextDocuments : parsedDocuments;
  for await (const entry of fetchBatch(changed, ctx)) {
    if ("failed" in entry) {
      yield entry;
      continue;
    }
    await ctx.state.save(entry.id, {
      version: `${mode}:${entry.version}`,
      links: [],
      document: entry,
    });
    yield await withAliases(entry, ctx.aliases.get(entry.title) ?? []);
  }
}

/** The document with its aliases written at the top, so a question naming one finds it. */
export async function withAliases(
  doc: SourceDocument,
  aliases: string[],
): Promise<WikiPageDocument> {
  if (aliases.length === 0) return { ...doc, aliases: [] };
  const sorted = [...aliases].sort();
  const markdown = aliasSentence(doc.title, sorted) + doc.markdown;
  return { ...doc, markdown, contentHash: await sha256Hex(markdown), aliases: sorted };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

/** Pages parsed to HTML by the wiki, `concurrency` at a time (the fetcher bounds it too). */
async function* parsedDocuments(
  pages: ListedPage[],
  ctx: BatchContext,
): AsyncGenerator<SourceEntry> {
  const width = Math.max(1, ctx.options.concurrency ?? 2);
  for (let i = 0; i < pages.length; i += width) {
    const group = pages.slice(i, i + width).map((page) => parsedDocument(page, ctx));
    for (const entry of await Promise.all(group)) yield entry;
  }
}

async function parsedDocument(page: ListedPage, ctx: BatchContext): Promise<SourceEntry> {
  const url = articleUrl(ctx.site, page.title);
  try {
    const body = await ctx.api.call({
      action: "parse",
      pageid: String(page.pageid),
      prop: "text|revid",
      disableeditsection: "1",
      disabletoc: "1",
    }, ctx.options.signal);
    const parsed = body.parse as { text?: string; revid?: number } | undefined;
    if (typeof parsed?.text !== "string") throw new Error("action=parse returned no text");
    const lang = ctx.site.lang ? ` lang="${escapeHtml(ctx.site.lang)}"` : "";
    const html =
      `<!doctype html><html${lang}><head><title>${escapeHtml(page.title)}</title></head>` +
      `<body><main>${parsed.text}</main></body></html>`;
    const doc = await documentFromHtml(url, html, { url, source: `${ctx.apiUrl}#${page.pageid}` });
    return { ...doc, title: page.title, version: revisionVersion(parsed.revid ?? page.lastrevid) };
  } catch (error) {
    if (ctx.options.signal?.aborted) throw error;
    return { failed: true, id: url, source: ctx.apiUrl, reason: (error as Error).message };
  }
}

/** Pages fetched as wikitext, 50 a request, and converted by the injected converter. */
async function* wikitextDocuments(
  pages: ListedPage[],
  ctx: BatchContext,
): AsyncGenerator<SourceEntry> {
  for (let i = 0; i < pages.length; i += 50) {
    const group = pages.slice(i, i + 50);
    let body: ApiResult;
    try {
      body = await ctx.api.call({
        action: "query",
        prop: "revisions",
        rvprop: "ids|content",
        rvslots: "main",
        pageids: group.map((p) => p.pageid).join("|"),
      }, ctx.options.signal);
    } catch (error) {
      if (ctx.options.signal?.aborted) throw error;
      for (const page of group) {
        yield {
          failed: true,
          id: articleUrl(ctx.site, page.title),
          source: ctx.apiUrl,
          reason: (error as Error).message,
        };
      }
      continue;
    }
    for (const page of (body.query?.pages ?? []) as ApiResult[]) {
      yield await wikitextDocument(page, ctx);
    }
  }
}

async function wikitextDocument(page: ApiResult, ctx: BatchContext): Promise<SourceEntry> {
  const url = articleUrl(ctx.site, page.title);
  const revision = page.revisions?.[0];
  const wikitext = revision?.slots?.main?.content;
  if (typeof wikitext !== "string") {
    return {
      failed: true,
      id: url,
      source: ctx.apiUrl,
      reason: "revision has no wikitext content",
    };
  }
  try {
    const markdown = await ctx.options.wikitextToMarkdown!(wikitext, { title: page.title, url });
    return {
      id: url,
      title: page.title,
      url,
      description: "",
      markdown,
      contentHash: await sha256Hex(markdown),
      contentType: "text/markdown",
      ...(ctx.site.lang ? { lang: ctx.site.lang } : {}),
      version: revisionVersion(revision.revid),
      source: `${ctx.apiUrl}#${page.pageid}`,
    };
  } catch (error) {
    return {
      failed: true,
      id: url,
      source: ctx.apiUrl,
      reason: `could not convert: ${(error as Error).message}`,
    };
  }
}
