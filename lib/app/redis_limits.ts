/**
 * The rate limit shared through Upstash Redis: `@upstash/ratelimit`'s sliding window of
 * one minute, so every instance (and every worker) counts the same requests.
 *
 * When Redis cannot be reached — an error, or no answer within `timeoutMs` — the limiter
 * **fails open to a local limit**: the request is judged by an in-memory token bucket
 * with the same rate, in this process only. Chats keep working through a Redis outage
 * and one client still cannot flood an instance; the cost is that, while Redis is down,
 * a client spreading requests over N instances gets up to N times the limit. Failing
 * closed would turn a cache outage into a chat outage, which the rate limit exists to
 * prevent, not to cause. Each fallback is reported through `onFallback`.
 *
 * @module
 */
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { memoryRateLimiter, type RateLimiter } from "./limits.ts";

/** Options for {@linkcode upstashRateLimiter}. */
export interface UpstashRateLimiterOptions {
  url: string;
  token: string;
  perMinute: number;
  /** Burst of the local fallback bucket. */
  burst: number;
  /** Key prefix in Redis. */
  prefix?: string;
  /** How long to wait for Redis before falling back (ms). Default 1,000. */
  timeoutMs?: number;
  /** Told why a request was judged locally (Redis error or timeout). */
  onFallback?: (reason: string) => void;
  /** Clock, in ms since the epoch (for `Retry-After`). */
  now?: () => number;
}

/** A limiter shared through Upstash Redis, failing open to a local bucket. */
export function upstashRateLimiter(options: UpstashRateLimiterOptions): RateLimiter {
  const now = options.now ?? (() => Date.now());
  const limiter = new Ratelimit({
    // One quick retry on a network error; the timeout below bounds the whole call.
    redis: new Redis({
      url: options.url,
      token: options.token,
      retry: { retries: 1, backoff: () => 50 },
      enableTelemetry: false,
    }),
    limiter: Ratelimit.slidingWindow(options.perMinute, "60 s"),
    prefix: options.prefix ?? "lorechat:ratelimit",
    analytics: false,
    timeout: options.timeoutMs ?? 1_000,
  });
  const local = memoryRateLimiter({ perMinute: options.perMinute, burst: options.burst });
  const fallback = (key: string, reason: string) => {
    options.onFallback?.(reason);
    return local.limit(key);
  };
  return {
    async limit(key) {
      if (options.perMinute <= 0) return { ok: true, retryAfterSeconds: 0 };
      let result;
      try {
        result = await limiter.limit(key);
      } catch (error) {
        return fallback(key, `redis error: ${(error as Error).message ?? error}`);
      }
      // The library answers a timed-out call with `success: true, reason: "timeout"`.
      if (result.reason === "timeout") return fallback(key, "redis timeout");
      return {
        ok: result.success,
        retryAfterSeconds: result.success
          ? 0
          : Math.max(1, Math.ceil((result.reset - now()) / 1000)),
      };
    },
  };
}
