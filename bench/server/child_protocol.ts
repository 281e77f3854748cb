/**
 * How the benchmark servers talk to the bench: a server subprocess prints one JSON line
 * `{"url": …}` on stdout when it listens, and shuts down when its stdin closes (so it
 * never outlives the bench, even when the bench is killed).
 *
 * @module
 */

/** Announces readiness on stdout. */
export function announce(url: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ url, ...extra }));
}

/** Resolves when stdin reaches its end (the parent closed it or died). */
export async function stdinClosed(): Promise<void> {
  const buffer = new Uint8Array(64);
  try {
    while ((await Deno.stdin.read(buffer)) !== null) { /* ignore input */ }
  } catch { /* closed */ }
}
