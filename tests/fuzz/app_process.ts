/**
 * The real app in a process of its own, so a test can measure its memory from outside
 * (`/proc/<pid>/status`) without counting the client's. Prints `{"url","pid"}` as one JSON
 * line, then serves until its stdin closes. Chat runs on in-memory doubles; static files
 * are the repository's `static/`.
 *
 * @module
 */
import freshConfig from "../../fresh.config.ts";
import manifest from "../../fresh.gen.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { startServer } from "../../lib/app/server.ts";
import { createChatService } from "../../lib/rag/mod.ts";
import { memoryStore, scriptedProvider } from "../support/doubles.ts";

const config = parseConfig({ ENV: "test", LOG_LEVEL: "error", HOSTNAME: "127.0.0.1" });
const chat = createChatService({
  store: memoryStore([{ id: "varrow", title: "Varrow", text: "Queen Maelis rules Varrow." }]),
  embedder: null,
  providers: { scripted: scriptedProvider() },
  defaultProvider: "scripted",
  retrieval: { topK: 4, maxPerPage: 2, minScore: 0 },
  maxTokens: 256,
  temperature: 0.2,
});
const server = await startServer({
  config,
  manifest,
  assets: null,
  staticDir: `${freshConfig.root}/${freshConfig.staticDir}`,
  port: 0,
  state: { chat },
});
console.log(JSON.stringify({ url: server.url.href, pid: Deno.pid }));
for await (const _ of Deno.stdin.readable) { /* serve until the parent closes stdin */ }
await server.shutdown(1_000);
