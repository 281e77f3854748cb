/**
 * Yielding to the event loop without a timer.
 *
 * @module
 */

/**
 * Resolves after one turn of the event loop, so pending I/O, timers, worker messages and
 * an abort get in.
 * A message to oneself does that in tens of microseconds; a zero-delay timer is clamped
 * to a millisecond or more, which over a streamed answer added up to most of its latency.
 */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
    port2.close();
  });
}
