/**
 * Abuse limits for the chat endpoints: a per-client rate limit (token bucket in memory
 * here; shared through SQLite in `sqlite_limits.ts` or Upstash Redis in
 * `redis_limits.ts`) and a cap on concurrent model streams with a short, bounded queue.
 *
 * @module
 */
/** The verdict for one request. */
export interface RateDecision {
  ok: boolean;
  /** Seconds until a request would be allowed (for `Retry-After`). */
  retryAfterSeconds: number;
}

/** Decides whether a client may make another request now. */
export interface RateLimiter {
  limit(key: string): Promise<RateDecision>;
}

/**
 * In-memory token buckets: `perMinute` tokens refill per minute, up to `burst`. Idle
 * buckets are forgotten so memory stays bounded by active clients.
 */
export function memoryRateLimiter(
  options: { perMinute: number; burst: number; now?: () => number; maxClients?: number },
): RateLimiter {
  const now = options.now ?? (() => Date.now());
  const ratePerMs = options.perMinute / 60_000;
  const maxClients = options.maxClients ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    limit(key) {
      if (options.perMinute <= 0) return Promise.resolve({ ok: true, retryAfterSeconds: 0 });
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.at) * ratePerMs);
      bucket.at = t;
      buckets.delete(key);
      buckets.set(key, bucket); // most recent last, so eviction drops the idlest
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Promise.resolve({ ok: true, retryAfterSeconds: 0 });
      }
      const wait = Math.ceil((1 - bucket.tokens) / ratePerMs / 1000);
      return Promise.resolve({ ok: false, retryAfterSeconds: Math.max(1, wait) });
    },
  };
}

/** Thrown by {@linkcode StreamGate.acquire} when the queue is full or the wait too long. */
export class GateBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("too many concurrent answers");
    this.name = "GateBusyError";
  }
}

/** A cap on concurrent streams: `acquire` waits briefly for a slot or refuses. */
export interface StreamCap {
  /** Waits for a slot; resolves to the function that frees it. */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

/** A cap on concurrent streams in this process, with a bounded FIFO queue. */
export class StreamGate implements StreamCap {
  #active = 0;
  #queue: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(readonly max: number, readonly queueSize: number, readonly maxWaitMs: number) {}

  get active(): number {
    return this.#active;
  }
  get waiting(): number {
    return this.#queue.length;
  }

  /** Waits for a slot (up to `maxWaitMs`); returns the function that frees it. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.#active < this.max) {
      this.#active++;
      return this.#releaser();
    }
    if (this.#queue.length >= this.queueSize || this.maxWaitMs === 0) throw new GateBusyError(2);
    await new Promise<void>((resolve, reject) => {
      const entry = {
        resolve: () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject,
      };
      const drop = (error: Error) => {
        const i = this.#queue.indexOf(entry);
        if (i >= 0) this.#queue.splice(i, 1);
        signal?.removeEventListener("abort", onAbort);
        clearTimeout(timer);
        reject(error);
      };
      const onAbort = () => drop(new DOMException("aborted", "AbortError"));
      const timer = setTimeout(() => drop(new GateBusyError(2)), this.maxWaitMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(entry);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next.resolve(); // the slot passes straight to the next in line
      else this.#active--;
    };
  }
}

/** The client key for rate limiting: the peer address, or X-Forwarded-For behind a trusted proxy. */
export function clientKey(req: Request, remoteAddr: string, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return remoteAddr;
}

/** Why a request was refused, for the route to phrase in its own error format. */
export interface Refusal {
  status: 429 | 503;
  code: "rate_limited" | "overloaded";
  message: string;
  retryAfterSeconds: number;
}

/** The limits a chat request passes through. */
export interface ChatLimits {
  rate: RateLimiter;
  gate: StreamCap;
  trustProxy: boolean;
  /**
   * Both limits at once, where they share storage (one round trip): the rate verdict,
   * with the slot's `release` when admitted; throws like `gate.acquire` when no slot
   * frees. When given, it is used instead of `rate` then `gate`.
   */
  admit?: (key: string, signal?: AbortSignal) => Promise<RateDecision & { release?: () => void }>;
  /** Counts refusals (metrics), when given. */
  onRefuse?: (refusal: Refusal) => void;
}

/**
 * Admits a chat request: first the client's rate limit, then a stream slot. Returns the
 * release function to call when the answer ends, or the refusal.
 */
export async function admitChat(
  limits: ChatLimits | null,
  req: Request,
  remoteAddr: string,
): Promise<{ release: () => void } | { refusal: Refusal }> {
  if (!limits) return { release: () => {} };
  const key = clientKey(req, remoteAddr, limits.trustProxy);
  let decision: RateDecision & { release?: () => void };
  if (limits.admit) {
    try {
      decision = await limits.admit(key, req.signal);
    } catch (error) {
      return { refusal: overloaded(limits, error) };
    }
  } else decision = await limits.rate.limit(key);
  if (!decision.ok) {
    const refusal: Refusal = {
      status: 429,
      code: "rate_limited",
      message: "Too many questions in a short time. Please wait a moment and try again.",
      retryAfterSeconds: decision.retryAfterSeconds,
    };
    limits.onRefuse?.(refusal);
    return { refusal };
  }
  if (decision.release) return { release: decision.release };
  try {
    return { release: await limits.gate.acquire(req.signal) };
  } catch (error) {
    return { refusal: overloaded(limits, error) };
  }
}

/** The refusal when no stream slot freed in time. */
function overloaded(limits: ChatLimits, error: unknown): Refusal {
  const refusal: Refusal = {
    status: 503,
    code: "overloaded",
    message:
      "LoreChat is answering as many questions as it can right now. Please try again shortly.",
    retryAfterSeconds: error instanceof GateBusyError ? error.retryAfterSeconds : 2,
  };
  limits.onRefuse?.(refusal);
  return refusal;
}

/** Passes events through and calls `release` when the stream ends, however it ends. */
export async function* releasing<T>(
  events: AsyncGenerator<T>,
  release: () => void,
): AsyncGenerator<T> {
  try {
    yield* events;
  } finally {
    release();
  }
}
