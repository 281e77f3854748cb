import assert from "node:assert/strict";
import { createAppMetrics } from "../lib/metrics/mod.ts";
import { instrumentChat } from "../lib/app/instrument.ts";
import { createChatService } from "../lib/rag/mod.ts";
import { memoryStore, scriptedProvider } from "./support/doubles.ts";
import { startTestServer } from "./support/server.ts";

Deno.test("/api/metrics exports traffic, chat and process metrics in Prometheus format", async () => {
  const metrics = createAppMetrics();
  const chat = instrumentChat(
    createChatService({
      store: memoryStore([{ id: "varrow", title: "Varrow", text: "Queen Maelis rules Varrow." }]),
      embedder: null,
      providers: { scripted: scriptedProvider({ tokens: ["Maelis [1]"] }) },
      defaultProvider: "scripted",
      retrieval: { topK: 3, maxPerPage: 2, minScore: 0 },
      maxTokens: 100,
      temperature: 0,
    }),
    metrics,
  );
  const server = await startTestServer({
    env: { METRICS_TOKEN: "metrics-canary-token" },
    state: { metrics, chat },
  });
  try {
    const url = (p: string) => new URL(p, server.url);
    await (await fetch(url("/api/health"))).body?.cancel();
    await (await fetch(url("/nope/deeper/path"))).body?.cancel();
    const res = await fetch(url("/api/chat"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "Who rules Varrow?" }] }),
    });
    await res.text();
    const denied = await fetch(url("/api/metrics"));
    assert.equal(denied.status, 401);
    await denied.body?.cancel();
    const scrape = await fetch(url("/api/metrics"), {
      headers: { authorization: "Bearer metrics-canary-token" },
    });
    assert.equal(scrape.status, 200);
    assert.match(scrape.headers.get("content-type")!, /text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    assert.match(
      text,
      /lorechat_http_requests_total\{method="GET",route="\/api\/health",status="200"\} 1/,
    );
    assert.match(
      text,
      /lorechat_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/,
    );
    assert.ok(!text.includes("/nope/deeper/path"), "raw paths never become labels");
    assert.match(text, /lorechat_llm_first_token_seconds_count\{provider="scripted"\} 1/);
    assert.match(text, /lorechat_llm_tokens_total\{direction="out",provider="scripted"\} 1/);
    assert.match(text, /lorechat_chat_open_streams 0/);
    assert.match(text, /lorechat_retrieval_duration_seconds_count 1/);
    assert.match(text, /process_resident_memory_bytes \d+/);
    assert.match(text, /lorechat_event_loop_lag_seconds [\d.e-]+/);
    assert.match(text, /# TYPE lorechat_http_request_duration_seconds histogram/);
  } finally {
    metrics.stop();
    await server.close();
  }
});
