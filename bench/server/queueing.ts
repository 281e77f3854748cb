/**
 * What a closed loop of clients does to latency: with `concurrency` streams always open,
 * a stream lasts `concurrency / throughput` on average (Little's law), whatever the
 * server does with its time. The server suite uses it to say why its first-token target
 * is or is not met.
 *
 * @module
 */

/** The mean time a stream is open, in ms, for `concurrency` streams completing `perSecond`. */
export function meanStreamMs(concurrency: number, perSecond: number): number {
  return perSecond > 0 ? (concurrency / perSecond) * 1000 : Infinity;
}

/** Streams per second a closed loop of `concurrency` needs for a mean stream of `ms`. */
export function streamsPerSecondFor(concurrency: number, ms: number): number {
  return (concurrency / ms) * 1000;
}

/** The figures {@linkcode firstTokenNote} reads. */
export interface FirstTokenFigures {
  concurrency: number;
  /** Completed streams a second, and first-token p99 in ms: ours, then the echo's. */
  perSecond: number;
  p99Ms: number;
  echoPerSecond: number;
  echoP99Ms: number;
  targetMs: number;
}

/**
 * A note on the first-token p99 against its target: the mean stream the closed loop
 * allows at the measured throughput, the echo's own p99, and the throughput the target
 * would need. Null when the target is met.
 */
export function firstTokenNote(f: FirstTokenFigures): string | null {
  if (f.p99Ms <= f.targetMs) return null;
  const mean = meanStreamMs(f.concurrency, f.perSecond);
  const echoMean = meanStreamMs(f.concurrency, f.echoPerSecond);
  const needed = streamsPerSecondFor(f.concurrency, f.targetMs);
  return `First token p99 ${f.p99Ms.toFixed(0)} ms against the ${f.targetMs} ms target: ` +
    `the load is a closed loop of ${f.concurrency} streams, so at ${f.perSecond.toFixed(0)} ` +
    `streams/s a stream is open ${mean.toFixed(0)} ms on average (Little's law), and an ` +
    "instant answer's first token comes about when the stream ends. The echo, which does " +
    `no work, completes ${f.echoPerSecond.toFixed(0)} streams/s (${echoMean.toFixed(0)} ms ` +
    `each) and its first token p99 is ${f.echoP99Ms.toFixed(0)} ms. A p99 of ` +
    `${f.targetMs} ms needs the mean well under it: more than ` +
    `${Math.round(needed).toLocaleString("en")} streams/s on this machine.`;
}
