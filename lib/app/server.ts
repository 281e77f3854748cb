/**
 * Starting and stopping the web server: build the app state, serve the Hono app with
 * `Deno.serve`, and shut down gracefully — stop accepting, let open streams finish up
 * to a deadline, then release services.
 *
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };
import { type Config, scrubSecrets, secretValues } from "../config/mod.ts";
import { getLogger } from "../log/mod.ts";
import { createApp } from "../web/app.ts";
import type { IslandAssets } from "../web/bundle.ts";
import type { Manifest } from "../web/manifest.ts";
import type { AppState } from "./state.ts";

const log = getLogger(["lorechat", "server"]);

/** Options for {@linkcode startServer}. */
export interface ServerOptions {
  config: Config;
  manifest: Manifest;
  assets: IslandAssets | null;
  staticDir: string;
  /** Overrides `config.PORT` (0 picks a free port). */
  port?: number;
  hostname?: string;
  /** Share the port with other workers (`SO_REUSEPORT`; the kernel spreads connections). */
  reusePort?: boolean;
  /** Extra state (services) merged over the defaults; tests inject fakes here. */
  state?: Partial<AppState>;
  /** Called when shutting down, after the server stopped accepting and drained. */
  onClose?: () => Promise<void> | void;
}

/** A running server. */
export interface RunningServer {
  url: URL;
  state: AppState;
  /** Stops accepting; waits for open requests up to `deadlineMs`; then closes services. */
  shutdown(deadlineMs?: number): Promise<{ drained: boolean }>;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
}

/** The base state every app has; services are added by the composition in main.ts. */
export function baseState(config: Config): AppState {
  const secrets = secretValues(config);
  return {
    config,
    version: denoJson.version,
    startedAt: Date.now(),
    readiness: [],
    scrub: (text) => scrubSecrets(text, secrets),
    chat: null,
    store: null,
    metrics: null,
    limits: null,
  };
}

/** Serves the app on `hostname:port` and returns a handle to stop it. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const state: AppState = { ...baseState(config), ...options.state };
  const app = createApp({
    manifest: options.manifest,
    state,
    assets: options.assets,
    staticDir: options.staticDir,
    maxBodyBytes: config.MAX_BODY_BYTES,
    // Uploads stream to disk under their own cap (MAX_UPLOAD_BYTES).
    bodyLimitExempt: (path) => /^\/api\/collections\/[^/]+\/sources$/.test(path),
    production: config.ENV === "production",
    onResponse: (info) => {
      const metrics = state.metrics;
      if (!metrics) return;
      metrics.httpRequests.inc({ route: info.route, method: info.method, status: info.status });
      metrics.httpDuration.observe(info.durationMs / 1000, { route: info.route });
    },
  });
  const server = Deno.serve({
    port: options.port ?? config.PORT,
    hostname: options.hostname ?? config.HOSTNAME,
    reusePort: options.reusePort,
    onListen: () => {},
  }, (req, info) => app.fetch(req, { remoteAddr: info.remoteAddr }));
  const { hostname, port } = server.addr;
  const host = hostname === "0.0.0.0"
    ? "127.0.0.1"
    : hostname.includes(":")
    ? `[${hostname}]`
    : hostname;
  const url = new URL(`http://${host}:${port}/`);
  log.info("listening on {url}", { url: url.href });
  let stopping: Promise<{ drained: boolean }> | null = null;
  function shutdown(deadlineMs = config.SHUTDOWN_TIMEOUT_MS) {
    stopping ??= (async () => {
      log.info("shutting down; waiting up to {deadlineMs} ms for open requests", {
        deadlineMs,
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<false>((
        r,
      ) => (timer = setTimeout(() => r(false), deadlineMs)));
      const drained = await Promise.race([server.shutdown().then(() => true), deadline]);
      clearTimeout(timer);
      if (!drained) log.warn("deadline reached with requests still open; closing them");
      await options.onClose?.();
      return { drained };
    })();
    return stopping;
  }
  return Promise.resolve({ url, state, shutdown, finished: server.finished });
}
