/**
 * One timer for every open stream's keep-alive: streams register a ping and are pinged
 * every `intervalMs` together, from a single interval per period that runs only while
 * some stream is registered. A timer per stream cost a serving worker a timer's set-up
 * and tear-down on every answer, though an instant answer ends long before its first
 * ping. A stream registered between two ticks gets its first ping within `intervalMs`
 * (sooner than its own timer would have sent it), then one every `intervalMs`, so the
 * gap a proxy sees is never longer.
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
      for (const p of pings) p();
    }, intervalMs);
    tickers.set(intervalMs, ticker = { pings, timer });
  }
  // A wrapper of its own, so the same function registered twice is two registrations.
  const entry = () => ping();
  ticker.pings.add(entry);
  const owner = ticker;
  return () => {
    if (!owner.pings.delete(entry) || owner.pings.size > 0) return;
    clearInterval(owner.timer);
    if (tickers.get(intervalMs) === owner) tickers.delete(intervalMs);
  };
}

/** How many periods have a running timer (tests check that none is left behind). */
export function activeKeepAliveTimers(): number {
  return tickers.size;
}
