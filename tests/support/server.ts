/**
 * Starts the real app on 127.0.0.1 for integration and browser tests: the real
 * manifest, islands built into a temporary static folder (so parallel test files
 * never share build output), and any state a test injects.
 */
import freshConfig from "../../fresh.config.ts";
import manifest from "../../fresh.gen.ts";
import { type Config, parseConfig } from "../../lib/config/mod.ts";
import { type RunningServer, startServer } from "../../lib/app/server.ts";
import type { AppState } from "../../lib/app/state.ts";
import { buildIslands, type IslandAssets } from "../../lib/web/mod.ts";

let built: Promise<{ staticDir: string; assets: IslandAssets }> | null = null;

/** Copies `static/` to a temp dir and builds the islands into it, once per process. */
export function prepareStatic(): Promise<{ staticDir: string; assets: IslandAssets }> {
  built ??= (async () => {
    const staticDir = await Deno.makeTempDir({ prefix: "lorechat-static-" });
    // One folder per test process, removed as the process ends.
    globalThis.addEventListener("unload", () => removeQuietly(staticDir));
    const source = `${freshConfig.root}/${freshConfig.staticDir}`;
    for await (const entry of Deno.readDir(source)) {
      if (entry.isFile) {
        await Deno.copyFile(`${source}/${entry.name}`, `${staticDir}/${entry.name}`);
      }
    }
    const islands = Object.keys(manifest.islands);
    const assets = await buildIslands({
      root: freshConfig.root,
      islands,
      outDir: `${staticDir}/_islands`,
    });
    return { staticDir, assets };
  })();
  return built;
}

/** Removes `dir` and what it holds; nothing when it is already gone. */
function removeQuietly(dir: string): void {
  try {
    Deno.removeSync(dir, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** A running test app and its parsed config. */
export interface TestServer extends RunningServer {
  config: Config;
  /** Shuts down quickly (tests don't wait for the production deadline). */
  close(): Promise<void>;
}

/** Starts the app with `env` over test defaults and `state` over the built services. */
export async function startTestServer(
  options: { env?: Record<string, string>; state?: Partial<AppState> } = {},
): Promise<TestServer> {
  const { staticDir, assets } = await prepareStatic();
  const config = parseConfig({
    ENV: "test",
    LOG_LEVEL: "error",
    HOSTNAME: "127.0.0.1",
    ...options.env,
  });
  const server = await startServer({
    config,
    manifest,
    assets,
    staticDir,
    port: 0,
    state: options.state,
  });
  return {
    ...server,
    config,
    async close() {
      await server.shutdown(2_000);
      await server.finished;
    },
  };
}
