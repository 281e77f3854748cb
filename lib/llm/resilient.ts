/**
 * The resilient wrapper: one {@linkcode LlmProvider} over a chain of them. Each attempt
 * has a first-token and a total deadline; a retryable failure before the first token is
 * retried with jittered exponential backoff, then handed to the next provider in the
 * chain. Once a token has been yielded the answer belongs to that attempt: a later
 * failure is re-thrown, never retried, so the reader never sees a repeated answer.
 * Connect timeouts belong to the providers themselves (their SDKs know when the headers
 * arrived); the factory gives each one `LLM_CONNECT_TIMEOUT_MS`.
 *
 * @module
 */
import { getLogger } from "../log/mod.ts";
import {
  type ChatMessage,
  type GenerateOptions,
  type LlmProvider,
  ProviderError,
  type StreamPart,
} from "./provider.ts";

const log = getLogger(["lorechat", "llm"]);

/** What happened to one attempt, for logs and metrics. */
export interface AttemptReport {
  provider: string;
  model: string;
  /** 1 for the first try of this provider, 2 for its first retry, … */
  attempt: number;
  /** `answering` once the first token arrived; `failed` when it failed before that. */
  outcome: "answering" | "failed";
  error?: ProviderError;
  /** After a failure: retry this provider, fall back to the next, or give up. */
  next?: "retry" | "fallback" | "give_up";
  /** Backoff before the retry, in ms. */
  delayMs?: number;
  /** Time since this attempt started, in ms. */
  elapsedMs: number;
}

/** Options for {@linkcode createResilientProvider}; only `providers` is required. */
export interface ResilientOptions {
  /** Providers in order of preference; the first names the wrapper. */
  providers: LlmProvider[];
  /** An attempt with no text part within this many ms is abandoned (30 000). */
  firstTokenTimeoutMs?: number;
  /** An attempt still streaming after this many ms fails with `timeout` (120 000). */
  totalTimeoutMs?: number;
  /** Retries of one provider before falling back (2). Timeouts fall back at once. */
  maxRetries?: number;
  /** First backoff delay, in ms (250); doubles per retry up to `backoffMaxMs` (4 000). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Waits `ms`, rejecting when `signal` aborts (tests pass an instant one). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1) (`Math.random`). */
  random?: () => number;
  /** Clock for `elapsedMs` (`performance.now`). */
  now?: () => number;
  /** Called after every attempt that answered or failed. */
  onAttempt?: (report: AttemptReport) => void;
}

/** Marks an attempt that our own deadline ended. */
class Deadline {
  constructor(readonly what: string) {}
}

/**
 * Whether an attempt's abort reason is one of this wrapper's deadlines (first token or
 * total), as opposed to the caller giving up. Circuit breakers count the former.
 */
export function isAttemptDeadline(reason: unknown): boolean {
  return reason instanceof Deadline;
}

/**
 * Wraps a chain of providers with deadlines, retries and fallback.
 *
 * @example
 * ```ts ignore
 * const llm = createResilientProvider({
 *   providers: [bedrock, openai, extractive],
 *   firstTokenTimeoutMs: 20_000,
 *   onAttempt: (r) => console.log(r.provider, r.outcome, r.error?.kind),
 * });
 * ```
 */
export function createResilientProvider(options: ResilientOptions): LlmProvider {
  const providers = options.providers;
  if (providers.length === 0) throw new Error("createResilientProvider needs a provider");
  const settings = {
    firstTokenTimeoutMs: options.firstTokenTimeoutMs ?? 30_000,
    totalTimeoutMs: options.totalTimeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 2,
    baseMs: options.backoffBaseMs ?? 250,
    maxMs: options.backoffMaxMs ?? 4_000,
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
    now: options.now ?? (() => performance.now()),
  };
  const report = (r: AttemptReport) => {
    const fields = { ...r, error: r.error?.message, kind: r.error?.kind };
    if (r.outcome === "failed") {
      log.warn("{provider} attempt {attempt} failed ({kind}), next: {next}", fields);
    } else log.debug("{provider} attempt {attempt} answering", fields);
    options.onAttempt?.(r);
  };

  async function* stream(
    system: string,
    messages: ChatMessage[],
    generate: GenerateOptions,
    signal: AbortSignal,
  ): AsyncGenerator<StreamPart> {
    let lastError: ProviderError | undefined;
    // The callback is ours to call; a nested wrapper must not call it a second time.
    const inner = { ...generate, onProvider: undefined };
    for (const [index, provider] of providers.entries()) {
      for (let attempt = 1;; attempt++) {
        if (signal.aborted) throw aborted(provider.name);
        const started = settings.now();
        const run = startAttempt(provider, settings, signal);
        let answering = false;
        try {
          const parts = provider.stream(system, messages, inner, run.signal);
          const iterator = parts[Symbol.asyncIterator]();
          while (true) {
            const step = await run.next(iterator);
            if (step.done) return;
            if (!answering && step.value.type === "text") {
              answering = true;
              run.firstToken();
              report({ ...who(provider), attempt, outcome: "answering", elapsedMs: 0 });
              generate.onProvider?.(who(provider));
            }
            yield step.value;
          }
        } catch (thrown) {
          const error = run.explain(thrown);
          if (answering || signal.aborted || !error.retryable) throw error;
          lastError = error;
          // Timeouts and open circuits go to the next provider at once: waiting won't help.
          const retry = attempt <= settings.maxRetries && error.kind !== "timeout" &&
            error.kind !== "unavailable";
          const last = index === providers.length - 1;
          const delayMs = retry ? backoff(attempt, settings) : undefined;
          report({
            ...who(provider),
            attempt,
            outcome: "failed",
            error,
            next: retry ? "retry" : last ? "give_up" : "fallback",
            delayMs,
            elapsedMs: settings.now() - started,
          });
          if (!retry) break;
          try {
            await settings.sleep(delayMs!, signal);
          } catch {
            throw aborted(provider.name);
          }
        } finally {
          run.dispose();
        }
      }
    }
    throw lastError ?? aborted(providers[0].name);
  }

  return {
    name: providers[0].name,
    model: providers[0].model,
    supportsSampling: providers[0].supportsSampling,
    stream,
    ping: providers[0].ping?.bind(providers[0]),
    close() {
      for (const provider of providers) provider.close?.();
    },
  };
}

function who(provider: LlmProvider) {
  return { provider: provider.name, model: provider.model };
}

/** One attempt's abort controller, deadlines and a `next` that cannot outlive them. */
function startAttempt(
  provider: LlmProvider,
  settings: { firstTokenTimeoutMs: number; totalTimeoutMs: number },
  outer: AbortSignal,
) {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer.reason);
  outer.addEventListener("abort", onOuterAbort, { once: true });
  const expire = (what: string) => () => controller.abort(new Deadline(what));
  let firstTimer: ReturnType<typeof setTimeout> | undefined = setTimeout(
    expire(`no first token within ${settings.firstTokenTimeoutMs} ms`),
    settings.firstTokenTimeoutMs,
  );
  const totalTimer = setTimeout(
    expire(`not finished within ${settings.totalTimeoutMs} ms`),
    settings.totalTimeoutMs,
  );
  // Settles (rejects) when the attempt is aborted, so a provider that ignores its signal
  // cannot hold the caller past a deadline.
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), {
      once: true,
    });
  });
  stopped.catch(() => {});
  let iterator: AsyncIterator<StreamPart> | undefined;

  return {
    signal: controller.signal,
    next(it: AsyncIterator<StreamPart>): Promise<IteratorResult<StreamPart>> {
      iterator = it;
      const step = it.next();
      step.catch(() => {});
      return Promise.race([step, stopped]);
    },
    firstToken() {
      clearTimeout(firstTimer);
      firstTimer = undefined;
    },
    explain(thrown: unknown): ProviderError {
      const reason = controller.signal.reason;
      if (reason instanceof Deadline) {
        return new ProviderError(`${provider.name}: ${reason.what}`, "timeout", provider.name);
      }
      if (outer.aborted) return aborted(provider.name);
      if (thrown instanceof ProviderError) return thrown;
      return new ProviderError(`${provider.name}: unexpected failure`, "unknown", provider.name, {
        cause: thrown,
      });
    },
    dispose() {
      clearTimeout(firstTimer);
      clearTimeout(totalTimer);
      outer.removeEventListener("abort", onOuterAbort);
      if (!controller.signal.aborted) {
        controller.abort(new DOMException("attempt closed", "AbortError"));
      }
      // Lets the provider run its cleanup (close the HTTP stream); never waited on.
      Promise.resolve().then(() => iterator?.return?.()).catch(() => {});
    },
  };
}

/** Exponential backoff with equal jitter: half the delay fixed, half random. */
function backoff(
  attempt: number,
  settings: { baseMs: number; maxMs: number; random: () => number },
): number {
  const delay = Math.min(settings.maxMs, settings.baseMs * 2 ** (attempt - 1));
  return Math.round(delay / 2 + settings.random() * (delay / 2));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function aborted(provider: string): ProviderError {
  return new ProviderError(`${provider}: request aborted`, "aborted", provider);
}
