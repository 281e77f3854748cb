/**
 * Entry point: parse the config once, set up logging, build the services, serve the
 * app, and shut down gracefully on SIGINT/SIGTERM.
 */
import freshConfig from "./fresh.config.ts";
import manifest from "./fresh.gen.ts";
import { ConfigError, parseConfig } from "./lib/config/mod.ts";
import { configureLogging, getLogger, resetLogging } from "./lib/log/mod.ts";
import { startServer } from "./lib/app/server.ts";
import { createServices } from "./lib/app/services.ts";
import { readIslandAssets } from "./lib/web/mod.ts";

/** Starts LoreChat from the process environment. */
export async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(Deno.env.toObject());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      Deno.exit(1);
    }
    throw error;
  }
  await configureLogging({ config });
  const log = getLogger(["lorechat", "main"]);
  const { root, staticDir } = freshConfig;
  const staticPath = config.STATIC_DIR ?? `${root}/${staticDir}`;
  const assets = await readIslandAssets(`${staticPath}/_islands`);
  if (!assets) log.warn("no island build found: run `deno task build`; pages will not hydrate");
  const services = await createServices(config);
  const server = await startServer({
    config,
    manifest,
    assets,
    staticDir: staticPath,
    state: services.state,
    onClose: services.close,
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, async () => {
      log.info("received {signal}", { signal });
      await server.shutdown();
      await resetLogging();
      Deno.exit(0);
    });
  }
  await server.finished;
}

if (import.meta.main) await main();
