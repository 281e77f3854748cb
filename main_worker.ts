/**
 * One serving worker of `main.ts` (see there): parses the same environment, builds the
 * services over a read-only store connection and serves on the shared port.
 */
import manifest from "./fresh.gen.ts";
import { staticAssets } from "./main.ts";
import { parseConfig } from "./lib/config/mod.ts";
import { configureLogging } from "./lib/log/mod.ts";
import { startServer } from "./lib/app/server.ts";
import { createServices } from "./lib/app/services.ts";
import { serveWorker } from "./lib/app/worker_pool.ts";

serveWorker(async (init, port) => {
  const { env, SERVER_WORKERS } = init as { env: Record<string, string>; SERVER_WORKERS: string };
  const config = parseConfig({ ...env, SERVER_WORKERS });
  await configureLogging({ config });
  const { staticDir, assets } = await staticAssets(config);
  const services = await createServices(config, { readOnlyStore: true });
  return await startServer({
    config,
    manifest,
    assets,
    staticDir,
    port,
    reusePort: true,
    state: services.state,
    onClose: services.close,
  });
});
