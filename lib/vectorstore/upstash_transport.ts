/**
 * The HTTP transport behind the official `@upstash/vector` client. The SDK accepts any
 * `Requester` in place of its built-in client; ours takes an injected `fetch`, threads
 * a per-call `AbortSignal` and timeout, retries transient failures, and turns every
 * failure into a {@linkcode VectorStoreError} whose text never contains the token.
 *
 * @module
 */
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/vector";
import { getLogger } from "../log/mod.ts";
import { VectorStoreError } from "./store.ts";

const log = getLogger(["lorechat", "vectorstore"]);

/** Connection settings shared by every request of one store. */
export interface UpstashTransportOptions {
  /** REST URL of the index, e.g. `https://example-vector.upstash.io`. */
  url: string;
  /** REST token; sent as a Bearer header and never echoed in errors. */
  token: string;
  /** Fetch to use; defaults to the global one. */
  fetch?: typeof fetch;
  /** Per-attempt timeout. Default 10,000 ms. */
  timeoutMs?: number;
  /** Extra attempts after a network error, 429 or 5xx. Default 2. */
  retries?: number;
  /** First retry delay, doubled each retry. Default 100 ms. */
  retryDelayMs?: number;
}

/** A `Requester` for `new Index(requester)`, bound to one caller's abort signal. */
export function createRequester(options: UpstashTransportOptions, signal?: AbortSignal): Requester {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch;
  const retries = options.retries ?? 2;
  const delay = options.retryDelayMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const scrub = (text: string) =>
    options.token ? text.split(options.token).join("[redacted]") : text;

  async function attempt<T>(req: UpstashRequest): Promise<UpstashResponse<T> | RetryableFailure> {
    const endpoint = (req.path ?? []).join("/");
    const name = endpoint.split(/[/?]/)[0] || "request";
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    let response: Response;
    let body: UpstashResponse<T> | null;
    try {
      response = await doFetch(`${base}/${endpoint}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(req.body),
        signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
      });
      body = parseJson(await response.text());
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.signal.aborted) {
        return new RetryableFailure(
          `Upstash Vector ${name} timed out after ${timeoutMs} ms`,
          "timeout",
        );
      }
      const detail = scrub(error instanceof Error ? error.message : String(error));
      return new RetryableFailure(
        `Upstash Vector ${name} is unreachable: ${detail}`,
        "unavailable",
      );
    } finally {
      clearTimeout(timer);
    }
    if (response.ok && body && typeof body === "object" && body.error === undefined) return body;
    const reason = scrub(String(body?.error ?? response.statusText ?? "")).slice(0, 300);
    const status = response.status;
    const message = `Upstash Vector ${name} failed (HTTP ${status})${reason ? `: ${reason}` : ""}`;
    if (status === 401 || status === 403) {
      throw new VectorStoreError(
        `Upstash Vector rejected the credentials for ${name} (HTTP ${status})`,
        "unavailable",
      );
    }
    if (status === 408 || status === 429 || status >= 500) {
      const after = Number(response.headers.get("retry-after"));
      return new RetryableFailure(message, "unavailable", after > 0 ? after * 1000 : 0);
    }
    throw new VectorStoreError(message, response.ok ? "unknown" : "invalid");
  }

  return {
    async request<T>(req: UpstashRequest): Promise<UpstashResponse<T>> {
      let failure: RetryableFailure | undefined;
      for (let i = 0; i <= retries; i++) {
        if (i > 0) {
          await sleep(
            Math.min(Math.max(delay * 2 ** (i - 1), failure!.retryAfterMs), 30_000),
            signal,
          );
        }
        const outcome = await attempt<T>(req);
        if (!(outcome instanceof RetryableFailure)) return outcome;
        failure = outcome;
        if (i < retries) {
          log.warn("{failure}; retrying ({attempt} of {retries})", {
            failure: outcome.message,
            attempt: i + 1,
            retries,
          });
        }
      }
      throw new VectorStoreError(failure!.message, failure!.kind);
    },
  };
}

function parseJson<T>(text: string): T | null {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

class RetryableFailure {
  constructor(
    readonly message: string,
    readonly kind: "timeout" | "unavailable",
    /** The server's `Retry-After`, in ms (0 when absent). */
    readonly retryAfterMs = 0,
  ) {}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
