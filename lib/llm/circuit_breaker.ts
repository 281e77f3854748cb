/**
 * A circuit breaker per provider. After `failureThreshold` consecutive retryable
 * failures the circuit opens and calls fail at once with a `ProviderError` of kind
 * `unavailable`, which the resilient chain treats as "skip to the next provider now".
 * After `cooldownMs` one call is let through as a probe (half-open): its first token
 * closes the circuit, its failure opens it for another cooldown.
 *
 * A call counts as a success once it yields its first text (or ends cleanly), as a
 * failure when it throws a retryable {@linkcode ProviderError} or its attempt deadline
 * expires, and as neither when the caller aborts or the error is the request's fault.
 *
 * @module
 */
import { getLogger } from "../log/mod.ts";
import { type LlmProvider, ProviderError, type StreamPart } from "./provider.ts";
import { isAttemptDeadline } from "./resilient.ts";

const log = getLogger(["lorechat", "llm", "breaker"]);

/** Where a circuit is: passing calls, failing them fast, or letting one probe through. */
export type BreakerState = "closed" | "open" | "half_open";

/** Options for {@linkcode CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive retryable failures that open the circuit (5). */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe is let through, in ms (30 000). */
  cooldownMs?: number;
  /** Clock in ms (`Date.now`); tests pass a fake one. */
  now?: () => number;
  /** Name for logs. */
  name?: string;
  /** Called on every state change. */
  onStateChange?: (change: { name: string; from: BreakerState; to: BreakerState }) => void;
}

/** How one call ended, as the breaker counts it. */
export type CallOutcome = "success" | "failure" | "neutral";

/** Permission for one call; settle it exactly once (later settles are ignored). */
export interface BreakerTicket {
  settle(outcome: CallOutcome): void;
}

/** Counts consecutive failures of one backend and decides whether calls may pass. */
export class CircuitBreaker {
  readonly name: string;
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  #now: () => number;
  #onChange?: CircuitBreakerOptions["onStateChange"];
  #failures = 0;
  #openedAt: number | null = null;
  #probing = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.name = options.name ?? "provider";
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 5);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? 30_000);
    this.#now = options.now ?? Date.now;
    this.#onChange = options.onStateChange;
  }

  /** The state now: an open circuit whose cooldown has passed reads as half-open. */
  get state(): BreakerState {
    if (this.#openedAt === null) return "closed";
    if (this.#probing || this.#now() - this.#openedAt >= this.cooldownMs) return "half_open";
    return "open";
  }

  /** Consecutive failures counted so far (reset by a success). */
  get failures(): number {
    return this.#failures;
  }

  /** Ms until a probe may pass when open; 0 otherwise. */
  get retryInMs(): number {
    if (this.state !== "open") return 0;
    return Math.max(0, this.#openedAt! + this.cooldownMs - this.#now());
  }

  /** A ticket for one call, or null when the circuit refuses it (open, or a probe in flight). */
  tryAcquire(): BreakerTicket | null {
    const state = this.state;
    if (state === "open" || (state === "half_open" && this.#probing)) return null;
    const probe = state === "half_open";
    if (probe) this.#probing = true;
    let settled = false;
    return {
      settle: (outcome) => {
        if (settled) return;
        settled = true;
        if (probe) this.#probing = false;
        this.#record(outcome, probe);
      },
    };
  }

  #record(outcome: CallOutcome, probe: boolean): void {
    if (outcome === "neutral") return;
    const before = this.state;
    if (outcome === "success") {
      this.#failures = 0;
      this.#openedAt = null;
    } else {
      this.#failures++;
      if (probe || this.#failures >= this.failureThreshold) this.#openedAt = this.#now();
    }
    const after = this.state;
    if (before !== after) {
      const change = { name: this.name, from: before, to: after };
      if (after === "open") {
        log.warn("{name} circuit open after {failures} failures; probing again in {ms} ms", {
          ...change,
          failures: this.#failures,
          ms: this.cooldownMs,
        });
      } else log.info("{name} circuit {to}", change);
      this.#onChange?.(change);
    }
  }
}

/** A provider behind a breaker, with the breaker in reach for readiness and metrics. */
export interface BreakerProvider extends LlmProvider {
  readonly breaker: CircuitBreaker;
}

/**
 * Wraps `provider` so every call passes through `breaker`. Build one per backend and
 * share it across requests: the breaker only learns from the calls it sees.
 *
 * @example
 * ```ts ignore
 * const guarded = withCircuitBreaker(openai, new CircuitBreaker({ failureThreshold: 5 }));
 * const llm = createResilientProvider({ providers: [guarded, extractive] });
 * ```
 */
export function withCircuitBreaker(
  provider: LlmProvider,
  breaker: CircuitBreaker,
): BreakerProvider {
  async function* stream(
    system: string,
    messages: Parameters<LlmProvider["stream"]>[1],
    options: Parameters<LlmProvider["stream"]>[2],
    signal: AbortSignal,
  ): AsyncGenerator<StreamPart> {
    const ticket = breaker.tryAcquire();
    if (!ticket) {
      const wait = Math.ceil(breaker.retryInMs / 1000);
      throw new ProviderError(
        `${provider.name}: circuit open after repeated failures${
          wait > 0 ? `; next probe in ${wait} s` : "; a probe is in flight"
        }`,
        "unavailable",
        provider.name,
      );
    }
    // A provider that ignores its signal must not hold a half-open probe forever.
    const onAbort = () => ticket.settle(isAttemptDeadline(signal.reason) ? "failure" : "neutral");
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const part of provider.stream(system, messages, options, signal)) {
        if (part.type === "text") ticket.settle("success");
        yield part;
      }
      ticket.settle("success");
    } catch (error) {
      if (signal.aborted) onAbort();
      else ticket.settle(error instanceof ProviderError && error.retryable ? "failure" : "neutral");
      throw error;
    } finally {
      signal.removeEventListener("abort", onAbort);
      // Stopped early by the consumer before any text: nothing learned.
      ticket.settle("neutral");
    }
  }
  return {
    name: provider.name,
    model: provider.model,
    supportsSampling: provider.supportsSampling,
    breaker,
    stream,
    ...(provider.ping ? { ping: provider.ping.bind(provider) } : {}),
    ...(provider.close ? { close: provider.close.bind(provider) } : {}),
  };
}
