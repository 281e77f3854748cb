/**
 * How embedders pace their calls: split inputs into batches, run calls with bounded
 * concurrency keeping results in input order, and retry transient failures (throttling,
 * unavailability, timeouts) with jittered exponential backoff.
 *
 * @module
 */
import { EmbeddingError } from "./embedder.ts";

/** Splits `items` into consecutive batches of at most `size`. */
export function toBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight; results keep the
 * input order. The first failure stops new calls and rejects.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Retry policy for {@linkcode retryTransient}; defaults suit rate-limited APIs. */
export interface RetryPolicy {
  /** Retries after the first try (4). */
  maxRetries?: number;
  /** First delay in ms (500), doubling per retry up to `maxDelayMs` (8 000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Waits `ms`, rejecting when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

const TRANSIENT = new Set(["rate_limit", "unavailable", "timeout"]);

/** Calls `fn`, retrying transient {@linkcode EmbeddingError}s with backoff. */
export async function retryTransient<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  const maxRetries = policy.maxRetries ?? 4;
  const sleep = policy.sleep ?? abortableSleep;
  const random = policy.random ?? Math.random;
  for (let attempt = 0;; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn();
    } catch (error) {
      const transient = error instanceof EmbeddingError && TRANSIENT.has(error.kind);
      if (!transient || attempt >= maxRetries || signal?.aborted) throw error;
      const delay = Math.min(
        policy.maxDelayMs ?? 8_000,
        (policy.baseDelayMs ?? 500) * 2 ** attempt,
      );
      await sleep(Math.round(delay / 2 + random() * (delay / 2)), signal);
    }
  }
}

/** Scales a vector to unit length (a zero vector is returned as is). */
export function l2Normalize(vector: number[]): number[] {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
