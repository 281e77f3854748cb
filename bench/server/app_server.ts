/**
 * The LoreChat app as the server benchmark runs it, in its own process and as
 * `deno task start` serves: `--workers` web workers (default one per CPU) on one port,
 * each with the real routes and chat turn over a read-only connection to the prebuilt
 * sqlite store (`--store PATH`), the instant fake model, rate limit and stream cap shared
 * through SQLite, no metrics, logging at error level only.
 *
 *   deno run -A bench/server/app_server.ts --store PATH [--tokens 50] [--workers N]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startWorkerPool } from "../../lib/app/worker_pool.ts";
import type { AppWorkerInit } from "./app_worker.ts";
import { announce, stdinClosed } from "./child_protocol.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    store: { type: "string" },
    tokens: { type: "string", default: "50" },
    workers: { type: "string" },
  },
});
if (!values.store) throw new Error("--store PATH is required");

const limitsDir = await Deno.makeTempDir({ prefix: "lorechat-bench-limits-" });
try {
  const init: AppWorkerInit = { store: values.store, tokens: Number(values.tokens), limitsDir };
  const size = Number(values.workers ?? navigator.hardwareConcurrency ?? 1);
  const pool = await startWorkerPool({
    module: new URL("./app_worker.ts", import.meta.url),
    size,
    port: 0,
    init,
  });
  announce(pool.url.href, { pid: Deno.pid, workers: size });
  await Promise.race([stdinClosed(), pool.failed]);
  await pool.shutdown();
} finally {
  await Deno.remove(limitsDir, { recursive: true });
}
