/**
 * Polite HTTP for crawling: a User-Agent naming LoreChat, bounded concurrency, a delay
 * between requests to the same host, retries with exponential backoff on 429 and 5xx
 * (honouring `Retry-After`, which also holds back every other request to that host),
 * redirects followed by hand so loops are detected and off-site hops refused, and a cap
 * on body size. Time and `fetch` are injected so tests run instantly and deterministically.
 *
 * @module
 */
import { type Clock, systemClock } from "./clock.ts";

export { type Clock, systemClock, virtualClock } from "./clock.ts";

/** The User-Agent sent with every request; robots.txt groups match its `LoreChat` token. */
export const LORECHAT_USER_AGENT = "LoreChat/0.1 (lore ingestion crawler; honours robots.txt)";

/** The product token robots.txt rules are matched against. */
export const LORECHAT_ROBOTS_TOKEN = "LoreChat";

/** Options of {@linkcode PoliteFetcher}; every one has a default. */
export interface PoliteFetchOptions {
  fetch?: typeof fetch;
  clock?: Clock;
  userAgent?: string;
  /** Minimum ms between the starts of two requests to one host. Default 250. */
  delayMs?: number;
  /** Requests in flight at once. Default 2. */
  concurrency?: number;
  /** Retries after a 429, a 5xx or a network error. Default 3. */
  maxRetries?: number;
  /** First backoff when the server gives no Retry-After; doubles each retry. Default 1000. */
  retryBaseMs?: number;
  /** Longest wait honoured from a Retry-After header. Default 120,000. */
  maxRetryAfterMs?: number;
  /** Redirect hops before giving up. Default 10. */
  maxRedirects?: number;
  /** Largest body read. Default 20 MiB. */
  maxBytes?: number;
  /** Per-attempt timeout. Default 30,000 ms. */
  timeoutMs?: number;
}

/** What a request ended with (any status, after retries). */
export interface FetchedResource {
  /** The requested URL. */
  requested: string;
  /** The URL after redirects. */
  url: string;
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** Why a fetch failed outright. */
export type FetchErrorKind =
  | "redirect_loop"
  | "too_many_redirects"
  | "offsite_redirect"
  | "network"
  | "too_large";

/** A request that produced no usable response; `kind` says why. */
export class FetchError extends Error {
  /** Creates the error for `url`. */
  constructor(readonly kind: FetchErrorKind, readonly url: string, message: string) {
    super(message);
    this.name = "FetchError";
  }
}

/** Per-request options of {@linkcode PoliteFetcher.get}. */
export interface GetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Whether a redirect may go to `url`; refused hops throw `offsite_redirect`. */
  allowRedirect?: (url: URL) => boolean;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** A response with its body read. */
interface Answer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms from `now`; null when absent. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** One HTTP client per crawl, shared by robots, sitemaps and pages. */
export class PoliteFetcher {
  readonly clock: Clock;
  readonly userAgent: string;
  #fetch: typeof fetch;
  #options: Required<Omit<PoliteFetchOptions, "fetch" | "clock" | "userAgent">>;
  #nextStart = new Map<string, number>();
  #hostDelay = new Map<string, number>();
  #active = 0;
  #waiting: (() => void)[] = [];
  /** Requests sent so far (each attempt and hop counts). */
  requests = 0;

  /** A fetcher with `options` over the defaults. */
  constructor(options: PoliteFetchOptions = {}) {
    this.#fetch = options.fetch ?? fetch;
    this.clock = options.clock ?? systemClock;
    this.userAgent = options.userAgent ?? LORECHAT_USER_AGENT;
    this.#options = {
      delayMs: options.delayMs ?? 250,
      concurrency: Math.max(1, options.concurrency ?? 2),
      maxRetries: options.maxRetries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 1000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      maxRedirects: options.maxRedirects ?? 10,
      maxBytes: options.maxBytes ?? 20 * 1024 * 1024,
      timeoutMs: options.timeoutMs ?? 30_000,
    };
  }

  /** Raises the delay for one host (e.g. a robots.txt `Crawl-delay`); never lowers it. */
  slowHost(host: string, delayMs: number): void {
    if (delayMs > this.#delay(host)) this.#hostDelay.set(host, delayMs);
  }

  #delay(host: string): number {
    return this.#hostDelay.get(host) ?? this.#options.delayMs;
  }

  /**
   * GETs `url`, following redirects, retrying 429/5xx and network errors. Returns the
   * last response whatever its status; throws {@linkcode FetchError} when none is usable.
   */
  async get(url: string, options: GetOptions = {}): Promise<FetchedResource> {
    await this.#acquire(options.signal);
    try {
      const seen = new Set<string>([url]);
      let current = url;
      for (let hop = 0;; hop++) {
        const response = await this.#withRetries(current, options);
        const location = response.headers.get("location");
        if (response.status < 300 || response.status >= 400 || !location) {
          return { requested: url, url: current, ...response };
        }
        const next = new URL(location, current);
        next.hash = "";
        if (seen.has(next.href)) {
          throw new FetchError(
            "redirect_loop",
            url,
            `redirect loop: ${[...seen, next.href].join(" → ")}`,
          );
        }
        if (hop + 1 > this.#options.maxRedirects) {
          throw new FetchError(
            "too_many_redirects",
            url,
            `more than ${this.#options.maxRedirects} redirects`,
          );
        }
        if (options.allowRedirect && !options.allowRedirect(next)) {
          throw new FetchError(
            "offsite_redirect",
            url,
            `redirects to ${next.href}, which is not crawled`,
          );
        }
        seen.add(next.href);
        current = next.href;
      }
    } finally {
      this.#release();
    }
  }

  async #withRetries(url: string, options: GetOptions): Promise<Answer> {
    const host = new URL(url).host;
    for (let attempt = 0;; attempt++) {
      await this.#waitTurn(host, options.signal);
      let response: Answer;
      try {
        response = await this.#attempt(url, options);
      } catch (error) {
        if (options.signal?.aborted || error instanceof FetchError) throw error;
        if (attempt >= this.#options.maxRetries) {
          throw new FetchError("network", url, `could not fetch: ${(error as Error).message}`);
        }
        await this.clock.sleep(this.#options.retryBaseMs * 2 ** attempt, options.signal);
        continue;
      }
      if (!RETRY_STATUSES.has(response.status) || attempt >= this.#options.maxRetries) {
        return response;
      }
      const now = this.clock.now();
      const hinted = retryAfterMs(response.headers.get("retry-after"), now);
      const wait = Math.min(
        hinted ?? this.#options.retryBaseMs * 2 ** attempt,
        this.#options.maxRetryAfterMs,
      );
      // The whole host is told to wait, not just this request.
      this.#nextStart.set(host, Math.max(this.#nextStart.get(host) ?? 0, now + wait));
    }
  }

  /** One request, its body read within the same timeout (a trickling server cannot stall us). */
  async #attempt(url: string, options: GetOptions): Promise<Answer> {
    this.requests++;
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new Error(`timed out after ${this.#options.timeoutMs} ms`)),
      this.#options.timeoutMs,
    );
    try {
      const response = await this.#fetch(url, {
        headers: { "user-agent": this.userAgent, ...options.headers },
        redirect: "manual",
        signal: controller.signal,
      });
      const redirect = response.status >= 300 && response.status < 400;
      if (redirect || RETRY_STATUSES.has(response.status)) await response.body?.cancel();
      const body = redirect || RETRY_STATUSES.has(response.status)
        ? new Uint8Array()
        : await this.#readBody(response, url);
      return { status: response.status, headers: response.headers, body };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  async #readBody(response: Response, url: string): Promise<Uint8Array> {
    if (!response.body) return new Uint8Array();
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const part of response.body) {
      size += part.byteLength;
      if (size > this.#options.maxBytes) {
        throw new FetchError("too_large", url, `body larger than ${this.#options.maxBytes} bytes`);
      }
      parts.push(part);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const part of parts) {
      body.set(part, offset);
      offset += part.byteLength;
    }
    return body;
  }

  /** Reserves the host's next start slot synchronously, then sleeps until it. */
  async #waitTurn(host: string, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.#nextStart.get(host) ?? 0);
    this.#nextStart.set(host, at + this.#delay(host));
    if (at > now) await this.clock.sleep(at - now, signal);
  }

  async #acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.#active < this.#options.concurrency) {
      this.#active++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
  }

  #release(): void {
    this.#active--;
    this.#waiting.shift()?.();
  }
}
