/**
 * A small client of the MediaWiki Action API (`api.php`), as bots are asked to use it:
 * JSON with `formatversion=2`, `maxlag=5` on every request (a lag error is waited out for
 * its `Retry-After`), continuation followed by passing `continue` back verbatim, and the
 * polite fetcher's User-Agent, delay and retries underneath.
 *
 * @module
 */
import type { PoliteFetcher } from "./polite_fetch.ts";
import { retryAfterMs } from "./polite_fetch.ts";

/** An error the API answered with (`{"error":{"code","info"}}`) or an unusable answer. */
export class MediaWikiApiError extends Error {
  /** Creates the error; `code` is the API's error code, or `http`/`json`. */
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "MediaWikiApiError";
  }
}

/** The parts of `meta=siteinfo&siprop=general` the reader uses. */
export interface SiteInfo {
  sitename: string;
  /** e.g. `https://lore.example` (may be protocol-relative in the API; resolved here). */
  server: string;
  /** e.g. `/wiki/$1`. */
  articlepath: string;
  generator: string;
  lang: string;
}

/** A JSON object as the API returns it. */
// deno-lint-ignore no-explicit-any
export type ApiResult = Record<string, any>;

/** Options of {@linkcode MediaWikiApi}. */
export interface MediaWikiApiOptions {
  /** Seconds of replication lag beyond which the wiki asks bots to wait. Default 5. */
  maxlag?: number;
  /** How often a lag error is waited out before giving up. Default 5. */
  maxlagRetries?: number;
}

/** The Action API of one wiki. */
export class MediaWikiApi {
  #fetcher: PoliteFetcher;
  #maxlag: number;
  #retries: number;

  /** A client of the `api.php` at `apiUrl`. */
  constructor(readonly apiUrl: string, fetcher: PoliteFetcher, options: MediaWikiApiOptions = {}) {
    this.#fetcher = fetcher;
    this.#maxlag = options.maxlag ?? 5;
    this.#retries = options.maxlagRetries ?? 5;
  }

  /** One API call; throws {@linkcode MediaWikiApiError} for an error answer. */
  async call(params: Record<string, string>, signal?: AbortSignal): Promise<ApiResult> {
    const url = new URL(this.apiUrl);
    const all = { ...params, format: "json", formatversion: "2", maxlag: String(this.#maxlag) };
    for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
    for (let attempt = 0;; attempt++) {
      const res = await this.#fetcher.get(url.href, {
        signal,
        allowRedirect: (to) => to.origin === url.origin,
      });
      if (res.status !== 200) {
        throw new MediaWikiApiError("http", `${params.action} answered HTTP ${res.status}`);
      }
      let body: ApiResult;
      try {
        body = JSON.parse(new TextDecoder().decode(res.body));
      } catch {
        throw new MediaWikiApiError("json", `${params.action} did not answer JSON`);
      }
      const error = body.error as { code?: string; info?: string; lag?: number } | undefined;
      if (error?.code === "maxlag" && attempt < this.#retries) {
        const clock = this.#fetcher.clock;
        const wait = retryAfterMs(res.headers.get("retry-after"), clock.now()) ??
          Math.max(5, error.lag ?? 5) * 1000;
        await clock.sleep(wait, signal);
        continue;
      }
      if (error) {
        throw new MediaWikiApiError(error.code ?? "unknown", error.info ?? "API error");
      }
      return body;
    }
  }

  /**
   * Every batch of a query, following continuation until the API says it is complete.
   *
   * @example
   * ```ts ignore
   * for await (const batch of api.query({ list: "allpages", aplimit: "max" })) {
   *   for (const page of batch.query.allpages) console.log(page.title);
   * }
   * ```
   */
  async *query(params: Record<string, string>, signal?: AbortSignal): AsyncGenerator<ApiResult> {
    let next: Record<string, string> = {};
    for (;;) {
      const body = await this.call({ action: "query", ...params, ...next }, signal);
      yield body;
      if (!body.continue) return;
      next = Object.fromEntries(
        Object.entries(body.continue as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      );
    }
  }

  /** The wiki's general site information. */
  async siteInfo(signal?: AbortSignal): Promise<SiteInfo> {
    const body = await this.call({ action: "query", meta: "siteinfo", siprop: "general" }, signal);
    const general = body.query?.general as Partial<SiteInfo> | undefined;
    if (!general?.server || !general.articlepath) {
      throw new MediaWikiApiError("json", "siteinfo names no server or article path");
    }
    return {
      sitename: general.sitename ?? "",
      server: new URL(general.server, this.apiUrl).origin,
      articlepath: general.articlepath,
      generator: general.generator ?? "",
      lang: general.lang ?? "",
    };
  }
}

/**
 * A page's article URL, as the wiki links it: spaces become underscores and the title is
 * percent-encoded the way MediaWiki does (`/`, `:`, `,`, `;`, `@`, `$` kept).
 *
 * @example
 * ```ts
 * import { articleUrl } from "./mediawiki_api.ts";
 * const site = { sitename: "", server: "https://lore.example", articlepath: "/wiki/$1", generator: "", lang: "" };
 * articleUrl(site, "Glass wyrm (Quessary)"); // "https://lore.example/wiki/Glass_wyrm_(Quessary)"
 * ```
 */
export function articleUrl(site: SiteInfo, title: string): string {
  const encoded = encodeURIComponent(title.replaceAll(" ", "_")).replace(
    /%(3A|2F|2C|3B|40|24)/gi,
    (m) => decodeURIComponent(m),
  );
  return site.server + site.articlepath.replace("$1", encoded);
}
