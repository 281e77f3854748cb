/**
 * Entry point: parse the config once, set up logging, build the services, serve the
 * app, and shut down gracefully on SIGINT/SIGTERM.
 *
 * With `SERVER_WORKERS` above 1 (`deno task start` passes `--workers=auto`: one per CPU)
 * this process is the one writer — it opens the store and indexes the sample corpus
 * once — and the web workers of `main_worker.ts` serve, each with its own event loop
 * and a read-only store connection, all on one port.
 */
import { parseArgs } from "node:util";
import freshConfig from "./fresh.config.ts";
import manifest from "./fresh.gen.ts";
import { type Config, ConfigError, parseConfig } from "./lib/config/mod.ts";
import { configureLogging, getLogger, resetLogging } from "./lib/log/mod.ts";
import { startServer } from "./lib/app/server.ts";
import { createServices, prepareStore } from "./lib/app/services.ts";
import { startWorkerPool } from "./lib/app/worker_pool.ts";
import { type IslandAssets, readIslandAssets } from "./lib/web/mod.ts";

/** Where static files live and the island bundles a build left there (null: none). */
export async function staticAssets(
  config: Config,
): Promise<{ staticDir: string; assets: IslandAssets | null }> {
  const staticDir = config.STATIC_DIR ?? `${freshConfig.root}/${freshConfig.staticDir}`;
  return { staticDir, assets: await readIslandAssets(`${staticDir}/_islands`) };
}

/** How many serving workers `SERVER_WORKERS` asks for. */
export function workerCount(config: Config): number {
  return config.SERVER_WORKERS === "auto"
    ? Math.max(1, navigator.hardwareConcurrency ?? 1)
    : Number(config.SERVER_WORKERS);
}

function onSignals(stop: () => Promise<void>): void {
  const log = getLogger(["lorechat", "main"]);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, async () => {
      log.info("received {signal}", { signal });
      await stop();
      await resetLogging();
      Deno.exit(0);
    });
  }
}

/** Starts LoreChat from the process environment (and `--workers`, the default of SERVER_WORKERS). */
export async function main(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { workers: { type: "string" } } });
  let config;
  try {
    const env = Deno.env.toObject();
    config = parseConfig(values.workers ? { SERVER_WORKERS: values.workers, ...env } : env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      Deno.exit(1);
    }
    throw error;
  }
  await configureLogging({ config });
  const log = getLogger(["lorechat", "main"]);
  const { staticDir, assets } = await staticAssets(config);
  if (!assets) log.warn("no island build found: run `deno task build`; pages will not hydrate");
  const workers = workerCount(config);
  if (workers > 1) return await serveOnEveryCore(config, workers);
  const services = await createServices(config);
  const server = await startServer({
    config,
    manifest,
    assets,
    staticDir,
    state: services.state,
    onClose: services.close,
  });
  onSignals(async () => void await server.shutdown());
  await server.finished;
}

/** The writer process of a multi-worker server; see the module comment. */
async function serveOnEveryCore(config: Config, size: number): Promise<void> {
  const log = getLogger(["lorechat", "main"]);
  const writer = await prepareStore(config);
  const starting = startWorkerPool({
    module: new URL("./main_worker.ts", import.meta.url),
    size,
    port: config.PORT,
    init: { env: Deno.env.toObject(), SERVER_WORKERS: String(size) },
  });
  onSignals(async () => {
    await (await starting.catch(() => null))?.shutdown();
    await writer.close();
  });
  const pool = await starting;
  log.info("serving on {url} with {size} workers", { url: pool.url.href, size });
  try {
    await pool.failed;
  } catch (error) {
    log.error("{error}; stopping", { error: (error as Error).message });
    await pool.shutdown().catch(() => {});
    await writer.close();
    await resetLogging();
    Deno.exit(1);
  }
}

if (import.meta.main) await main(Deno.args);
