/**
 * The app as the server benchmarks serve it, in one thread: the real routes and chat turn
 * over the prebuilt sqlite store (read-only), the instant fake model, and the limits
 * shared through SQLite as `deno task start` runs them (set high enough never to refuse
 * the bench). `app_worker.ts` runs it in each serving worker; `profile.ts` in its main
 * thread.
 *
 * @module
 */
import freshConfig from "../../fresh.config.ts";
import manifest from "../../fresh.gen.ts";
import { createChatLimits } from "../../lib/app/chat_limits.ts";
import { type RunningServer, startServer } from "../../lib/app/server.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { createChatService } from "../../lib/rag/mod.ts";
import { openSqliteStore } from "../../lib/vectorstore/mod.ts";
import { instantProvider } from "./fake_llm.ts";

/** What the bench app is built from. */
export interface BenchAppInit {
  store: string;
  tokens: number;
  /** Folder of the shared limits file (`limits.sqlite`). */
  limitsDir: string;
}

/** Starts the bench app on `port` (shared with other workers: `SO_REUSEPORT`). */
export async function startBenchApp(init: BenchAppInit, port: number): Promise<RunningServer> {
  const { store: path, tokens, limitsDir } = init;
  const store = openSqliteStore({ path, dimensions: null, readOnly: true });
  const chat = createChatService({
    store,
    embedder: null,
    providers: { fake: instantProvider(tokens) },
    defaultProvider: "fake",
    retrieval: { topK: 6, maxPerPage: 2, minScore: 0 },
    maxTokens: 512,
    temperature: 0,
  });
  const config = parseConfig({
    ENV: "production",
    LOG_LEVEL: "error",
    HOSTNAME: "127.0.0.1",
    DATA_DIR: limitsDir,
    RATE_LIMIT_PER_MINUTE: "100000",
    RATE_LIMIT_BURST: "100000",
    MAX_CONCURRENT_STREAMS: "1000",
  });
  const limits = createChatLimits(config, null);
  return await startServer({
    config,
    manifest,
    assets: null,
    staticDir: `${freshConfig.root}/${freshConfig.staticDir}`,
    port,
    reusePort: true,
    state: { chat, store, limits: limits.limits, metrics: null },
    onClose: async () => {
      limits.close();
      await store.close();
    },
  });
}
