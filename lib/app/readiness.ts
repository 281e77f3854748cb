/**
 * Readiness: each configured dependency registers a cheap check; `/api/ready` runs them
 * in parallel, each bounded by a timeout, and reports per dependency. A check that hangs
 * is reported as down when its time is up, never holding the probe open.
 *
 * @module
 */

/** One dependency's probe. It should throw (or reject) when the dependency is down. */
export interface ReadinessCheck {
  name: string;
  check(signal: AbortSignal): Promise<Record<string, unknown> | void>;
}

/** Thrown by a check that wants its failure reported with details (e.g. a breaker's state). */
export class ReadinessFailure extends Error {
  constructor(message: string, readonly details: Record<string, unknown>) {
    super(message);
    this.name = "ReadinessFailure";
  }
}

/** The outcome of one check. */
export interface ReadinessResult {
  name: string;
  status: "ok" | "down";
  latencyMs: number;
  error?: string;
  details?: Record<string, unknown>;
}

/** Runs every check with `timeoutMs` each; `scrub` cleans error text before it leaves. */
export async function runReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
  scrub: (text: string) => string = (t) => t,
): Promise<{ ready: boolean; results: ReadinessResult[] }> {
  const results = await Promise.all(checks.map(async (c): Promise<ReadinessResult> => {
    const started = performance.now();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const details = await Promise.race([c.check(controller.signal), timeout]);
      return {
        name: c.name,
        status: "ok",
        latencyMs: Math.round(performance.now() - started),
        ...(details ? { details } : {}),
      };
    } catch (error) {
      return {
        name: c.name,
        status: "down",
        latencyMs: Math.round(performance.now() - started),
        error: scrub(error instanceof Error ? error.message : String(error)),
        ...(error instanceof ReadinessFailure ? { details: error.details } : {}),
      };
    } finally {
      clearTimeout(timer);
    }
  }));
  return { ready: results.every((r) => r.status === "ok"), results };
}
