/**
 * The metrics LoreChat exports: HTTP traffic, chat streams, model and retrieval
 * latency, tokens, provider errors, and process health (memory, event-loop lag).
 *
 * @module
 */
import process from "node:process";
import { Counter, Gauge, Histogram, Registry } from "./registry.ts";

/** Every metric, typed, for the code that records them. */
export interface AppMetrics {
  registry: Registry;
  httpRequests: Counter;
  httpDuration: Histogram;
  openStreams: Gauge;
  firstToken: Histogram;
  retrieval: Histogram;
  providerErrors: Counter;
  tokens: Counter;
  rateLimited: Counter;
  eventLoopLag: Gauge;
  /** Stops the event-loop lag sampler. */
  stop(): void;
}

/** Creates the registry with every metric, and starts the (unref'd) lag sampler. */
export function createAppMetrics(options: { lagIntervalMs?: number } = {}): AppMetrics {
  const registry = new Registry();
  const interval = options.lagIntervalMs ?? 500;
  let lagSeconds = 0;
  let expected = performance.now() + interval;
  const timer = setInterval(() => {
    const now = performance.now();
    lagSeconds = Math.max(0, now - expected) / 1000;
    expected = now + interval;
  }, interval);
  if (typeof Deno !== "undefined") Deno.unrefTimer(timer as unknown as number);
  const metrics: AppMetrics = {
    registry,
    httpRequests: registry.register(
      new Counter("lorechat_http_requests_total", "HTTP requests by route, method and status."),
    ),
    httpDuration: registry.register(
      new Histogram("lorechat_http_request_duration_seconds", "Time to response headers by route."),
    ),
    openStreams: registry.register(
      new Gauge("lorechat_chat_open_streams", "Chat answers currently streaming."),
    ),
    firstToken: registry.register(
      new Histogram(
        "lorechat_llm_first_token_seconds",
        "Time from request to first token by provider.",
      ),
    ),
    retrieval: registry.register(
      new Histogram("lorechat_retrieval_duration_seconds", "Condense + retrieval time per turn."),
    ),
    providerErrors: registry.register(
      new Counter("lorechat_provider_errors_total", "Failed chat turns by error code."),
    ),
    tokens: registry.register(
      new Counter("lorechat_llm_tokens_total", "Model tokens by provider and direction (in/out)."),
    ),
    rateLimited: registry.register(
      new Counter("lorechat_rate_limited_total", "Requests refused by rate limit or stream cap."),
    ),
    eventLoopLag: registry.register(
      new Gauge(
        "lorechat_event_loop_lag_seconds",
        "Latest event-loop delay sample.",
        () => lagSeconds,
      ),
    ),
    stop: () => clearInterval(timer),
  };
  registry.register(
    new Gauge(
      "process_resident_memory_bytes",
      "Resident set size.",
      () => process.memoryUsage().rss,
    ),
  );
  registry.register(
    new Gauge("process_heap_used_bytes", "V8 heap in use.", () => process.memoryUsage().heapUsed),
  );
  registry.register(
    new Gauge("process_uptime_seconds", "Process uptime.", () => Math.round(process.uptime())),
  );
  return metrics;
}
