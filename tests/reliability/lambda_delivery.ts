/**
 * Lambda's asynchronous, at-least-once delivery of S3 events, emulated for tests: events
 * are invoked in random order, a failed invocation is retried later (up to three attempts
 * in all, as async Lambda does), some events arrive twice, and an event still failing
 * after its attempts goes to a dead-letter list with the keys and reasons that failed.
 *
 * @module
 */
import { RecordsFailedError } from "../../lambda/records.ts";

/** Deterministic PRNG (mulberry32), so a fault run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An event that failed every attempt, as a dead-letter queue would hold it. */
export interface DeadLetter {
  fn: string;
  event: unknown;
  failures: { key: string; reason: string }[];
}

interface Pending {
  fn: string;
  event: unknown;
  attempt: number;
  duplicate: boolean;
}

/** Options for {@linkcode AsyncLambdaQueue}. */
export interface AsyncLambdaOptions {
  handlers: Record<string, (event: unknown) => Promise<unknown>>;
  random: () => number;
  /** Attempts per delivery before dead-lettering (3, like async Lambda). */
  maxAttempts?: number;
  /** Chance that a delivered event is delivered once more later (0.2). */
  duplicateRate?: number;
  /** Called after every invocation, e.g. to turn new S3 writes into events. */
  afterInvoke?: () => void;
}

/** The queue and its counters. */
export class AsyncLambdaQueue {
  readonly deadLetters: DeadLetter[] = [];
  readonly stats = { invocations: 0, failures: 0, retries: 0, duplicates: 0, deadLettered: 0 };
  #pending: Pending[] = [];

  constructor(readonly options: AsyncLambdaOptions) {}

  /** Queues one event for the named function. */
  send(fn: string, event: unknown): void {
    this.#pending.push({ fn, event, attempt: 1, duplicate: false });
  }

  /** Invokes queued events, in random order, until none is left (or `limit` invocations). */
  async drain(limit = Infinity): Promise<void> {
    const { random, handlers } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 3;
    const duplicateRate = this.options.duplicateRate ?? 0.2;
    for (let n = 0; n < limit && this.#pending.length > 0; n++) {
      const [next] = this.#pending.splice(Math.floor(random() * this.#pending.length), 1);
      this.stats.invocations++;
      try {
        await handlers[next.fn](next.event);
        if (!next.duplicate && random() < duplicateRate) {
          this.stats.duplicates++;
          this.#pending.push({ ...next, attempt: 1, duplicate: true });
        }
      } catch (error) {
        this.stats.failures++;
        if (next.attempt < maxAttempts) {
          this.stats.retries++;
          this.#pending.push({ ...next, attempt: next.attempt + 1 });
        } else {
          this.stats.deadLettered++;
          this.deadLetters.push({ fn: next.fn, event: next.event, failures: failuresOf(error) });
        }
      }
      this.options.afterInvoke?.();
    }
  }

  /** Moves every dead letter back into the queue (a DLQ redrive); returns how many. */
  redrive(): number {
    const letters = this.deadLetters.splice(0);
    for (const letter of letters) this.send(letter.fn, letter.event);
    return letters.length;
  }
}

function failuresOf(error: unknown): { key: string; reason: string }[] {
  if (error instanceof RecordsFailedError) return error.failures;
  return [{ key: "(event)", reason: error instanceof Error ? error.message : String(error) }];
}
