/**
 * Serving on every core: one web worker per CPU, each with its own event loop, app and
 * store connection, all listening on the same port (`SO_REUSEPORT`: the kernel spreads
 * connections over them). The first worker binds the configured port (0 picks one); the
 * rest join it on the port it got. Shutdown is asked of every worker, which drains its
 * open streams as a single server does.
 *
 * A worker module calls {@linkcode serveWorker} with a function that starts its server.
 *
 * @module
 */
import type { RunningServer } from "./server.ts";

/** What the pool sends a worker. */
type ToWorker =
  | { type: "start"; init: unknown; port: number; index: number }
  | { type: "shutdown" };
/** What a worker answers. */
type FromWorker =
  | { type: "listening"; url: string }
  | { type: "closed"; drained: boolean }
  | { type: "failed"; error: string };

/** A running pool. */
export interface WorkerPool {
  url: URL;
  size: number;
  /** Asks every worker to shut down and waits for all of them. */
  shutdown(): Promise<{ drained: boolean }>;
  /** Rejects when a worker fails (crashes or cannot start). */
  failed: Promise<never>;
}

/** Options for {@linkcode startWorkerPool}. */
export interface WorkerPoolOptions {
  /** The worker module (it calls {@linkcode serveWorker}). */
  module: URL;
  size: number;
  /** Port for the first worker (0 = any). */
  port: number;
  /** Passed to every worker's start function (structured-cloneable). */
  init: unknown;
}

/** Starts `size` workers on one port; resolves when all listen. */
export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const workers: Worker[] = [];
  let fail!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {});
  const next = (worker: Worker) =>
    new Promise<FromWorker>((resolve) => {
      worker.addEventListener("message", (e) => resolve(e.data as FromWorker), { once: true });
    });
  const startOne = async (index: number, port: number) => {
    const worker = new Worker(options.module, { type: "module", name: `server-${index}` });
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      fail(new Error(`worker ${index} failed: ${e.message}`));
    });
    workers.push(worker);
    const answer = next(worker);
    worker.postMessage({ type: "start", init: options.init, port, index } satisfies ToWorker);
    const reply = await Promise.race([answer, failed]);
    if (reply.type !== "listening") {
      throw new Error(`worker ${index} did not start: ${"error" in reply ? reply.error : ""}`);
    }
    return new URL(reply.url);
  };
  let url: URL;
  try {
    // With port 0 the first worker picks the port the others then share.
    url = await startOne(0, options.port);
    const rest = Array.from({ length: options.size - 1 }, (_, i) => i + 1);
    await Promise.all(rest.map((index) => startOne(index, Number(url.port))));
  } catch (error) {
    for (const w of workers) w.terminate();
    throw error;
  }
  let stopping: Promise<{ drained: boolean }> | null = null;
  return {
    url,
    size: workers.length,
    failed,
    shutdown() {
      stopping ??= (async () => {
        const replies = await Promise.all(workers.map((w) => {
          const closed = next(w);
          w.postMessage({ type: "shutdown" } satisfies ToWorker);
          return closed;
        }));
        for (const w of workers) w.terminate();
        return { drained: replies.every((r) => r.type === "closed" && r.drained) };
      })();
      return stopping;
    },
  };
}

/**
 * The worker side: waits for `start`, runs `start(init, port)` (which must listen with
 * `reusePort`), reports the address, and shuts the server down when asked.
 */
export function serveWorker(
  start: (init: unknown, port: number, index: number) => Promise<RunningServer>,
): void {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
    postMessage(message: FromWorker): void;
  };
  let server: RunningServer | null = null;
  scope.onmessage = async (e) => {
    if (e.data.type === "start") {
      try {
        server = await start(e.data.init, e.data.port, e.data.index);
        scope.postMessage({ type: "listening", url: server.url.href });
      } catch (error) {
        scope.postMessage({ type: "failed", error: String((error as Error)?.message ?? error) });
      }
    } else if (e.data.type === "shutdown") {
      const { drained } = server ? await server.shutdown() : { drained: true };
      scope.postMessage({ type: "closed", drained });
    }
  };
}
