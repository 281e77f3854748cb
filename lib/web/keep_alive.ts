/**
 * One timer for every open stream's keep-alive: streams register a ping and are pinged
 * every `intervalMs` together, from a single interval per period. The interval stops at
 * its first tick that finds no stream registered, so a worker answering a steady flow of
 * short streams keeps one timer rather than making and clearing one per answer (a timer
 * per stream cost a serving worker a timer's set-up and tear-down on every answer,
 * though an instant answer ends long before its first ping). A stream registered
 * between two ticks gets its first ping within `intervalMs` (sooner than its own timer
 * would have sent it), then one every `intervalMs`, so the gap a proxy sees is never
 * longer. The timer never keeps the process alive by itself (it is unref'd).
 *
 * @module
 */

/** The pings registered for one period, and its timer. */
interface Ticker {
  pings: Set<() => void>;
  timer: ReturnType<typeof setInterval>;
}

const tickers = new Map<number, Ticker>();

/** Calls `ping` every `intervalMs` until the returned function is called (once is enough). */
export function keepAlive(intervalMs: number, ping: () => void): () => void {
  let ticker = tickers.get(intervalMs);
  if (!ticker) {
    const pings = new Set<() => void>();
    const timer = setInterval(() => {
      if (pings.size === 0) {
        clearInterval(timer);
        tickers.delete(intervalMs);
        return;
      }
      for (const p of pings) p();
    }, intervalMs);
    // The streams keep the process alive, not their pings (nor an idle timer's last tick).
    unref(timer);
    tickers.set(intervalMs, ticker = { pings, timer });
  }
  // A wrapper of its own, so the same function registered twice is two registrations.
  const entry = () => ping();
  const { pings } = ticker;
  pings.add(entry);
  return () => {
    pings.delete(entry);
  };
}

function unref(timer: unknown): void {
  if (typeof timer === "object" && timer !== null && "unref" in timer) {
    (timer as { unref(): void }).unref();
  } else if (typeof timer === "number") {
    (globalThis as { Deno?: { unrefTimer(id: number): void } }).Deno?.unrefTimer(timer);
  }
}

/** The periods (ms) that have a running timer, and how many pings each holds. */
export function keepAliveTimers(): Map<number, number> {
  return new Map([...tickers].map(([ms, t]) => [ms, t.pings.size]));
}
