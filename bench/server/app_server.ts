/**
 * The LoreChat app as the server benchmark runs it, in its own process: the real routes
 * and chat turn over a prebuilt sqlite store (`--store PATH`), answering with the instant
 * fake model, no rate limits, no metrics, logging at error level only.
 *
 *   deno run -A bench/server/app_server.ts --store PATH [--tokens 50]
 *
 * @module
 */
import { parseArgs } from "node:util";
import freshConfig from "../../fresh.config.ts";
import manifest from "../../fresh.gen.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { startServer } from "../../lib/app/server.ts";
import { createChatService } from "../../lib/rag/mod.ts";
import { openSqliteStore } from "../../lib/vectorstore/mod.ts";
import { instantProvider } from "./fake_llm.ts";
import { announce, stdinClosed } from "./child_protocol.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { store: { type: "string" }, tokens: { type: "string", default: "50" } },
});
if (!values.store) throw new Error("--store PATH is required");

const store = openSqliteStore({ path: values.store, dimensions: null });
const chat = createChatService({
  store,
  embedder: null,
  providers: { fake: instantProvider(Number(values.tokens)) },
  defaultProvider: "fake",
  retrieval: { topK: 6, maxPerPage: 2, minScore: 0 },
  maxTokens: 512,
  temperature: 0,
});
const config = parseConfig({ ENV: "production", LOG_LEVEL: "error", HOSTNAME: "127.0.0.1" });
const server = await startServer({
  config,
  manifest,
  assets: null,
  staticDir: `${freshConfig.root}/${freshConfig.staticDir}`,
  port: 0,
  state: { chat, store, limits: null, metrics: null },
});
announce(server.url.href, { pid: Deno.pid });
await stdinClosed();
await server.shutdown(2_000);
await store.close();
