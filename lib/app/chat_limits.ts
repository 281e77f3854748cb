/**
 * Picks where the chat limits live, from the config:
 *
 * | | rate limit | stream cap |
 * |---|---|---|
 * | `UPSTASH_REDIS_REST_*` set | Upstash Redis (fails open to a local bucket) | as below |
 * | `VECTOR_STORE=sqlite` | `DATA_DIR/limits.sqlite`, shared by every worker and process on that directory | the same file |
 * | otherwise (Upstash store, no disk, e.g. Deno Deploy) | in memory, per isolate | in memory, per isolate |
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { getLogger } from "../log/mod.ts";
import type { AppMetrics } from "../metrics/mod.ts";
import { type ChatLimits, memoryRateLimiter, type RateLimiter, StreamGate } from "./limits.ts";
import { upstashRateLimiter } from "./redis_limits.ts";
import { openSqliteLimits } from "./sqlite_limits.ts";

const log = getLogger(["lorechat", "limits"]);

/** File name of the shared limits inside `DATA_DIR`. */
export const LIMITS_FILE = "limits.sqlite";

/** Builds the limits the config asks for, and how to release them. */
export function createChatLimits(
  config: Config,
  metrics: AppMetrics | null,
): { limits: ChatLimits; close(): void } {
  const shared = config.VECTOR_STORE === "sqlite"
    ? openSqliteLimits({
      path: `${config.DATA_DIR}/${LIMITS_FILE}`,
      perMinute: config.RATE_LIMIT_PER_MINUTE,
      burst: config.RATE_LIMIT_BURST,
      maxStreams: config.MAX_CONCURRENT_STREAMS,
      queueSize: config.STREAM_QUEUE_SIZE,
      maxWaitMs: config.STREAM_QUEUE_TIMEOUT_MS,
      // A stream cannot outlive the model's total timeout; the margin covers the rest.
      leaseMs: config.LLM_TOTAL_TIMEOUT_MS + 60_000,
    })
    : null;
  let rate: RateLimiter;
  const redis = config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
    ? { url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN }
    : null;
  if (redis) {
    rate = upstashRateLimiter({
      url: redis.url,
      token: redis.token,
      perMinute: config.RATE_LIMIT_PER_MINUTE,
      burst: config.RATE_LIMIT_BURST,
      onFallback: redisFallbackWarning(),
    });
  } else {
    rate = shared?.rate ??
      memoryRateLimiter({
        perMinute: config.RATE_LIMIT_PER_MINUTE,
        burst: config.RATE_LIMIT_BURST,
      });
  }
  const gate = shared?.gate ??
    new StreamGate(
      config.MAX_CONCURRENT_STREAMS,
      config.STREAM_QUEUE_SIZE,
      config.STREAM_QUEUE_TIMEOUT_MS,
    );
  return {
    limits: {
      rate,
      gate,
      trustProxy: config.TRUST_PROXY,
      // Both limits in one SQLite transaction when both live in the file.
      ...(shared && !redis ? { admit: shared.admit } : {}),
      onRefuse: metrics
        ? (refusal) => metrics.rateLimited.inc({ reason: refusal.code })
        : undefined,
    },
    close: () => shared?.close(),
  };
}

/**
 * Logs that requests are judged locally because Redis is unreachable, at most once a
 * minute so an outage does not flood the log.
 */
function redisFallbackWarning(): (reason: string) => void {
  let lastLogged = -Infinity;
  return (reason) => {
    if (Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    log.warn("rate limit: Redis unreachable ({reason}); limiting per instance until it is back", {
      reason,
    });
  };
}
