import assert from "node:assert/strict";
import { memoryRateLimiter, StreamGate } from "../lib/app/limits.ts";
import { createChatService } from "../lib/rag/mod.ts";
import { memoryStore, scriptedProvider } from "./support/doubles.ts";
import { startTestServer } from "./support/server.ts";

const chatWith = (provider: ReturnType<typeof scriptedProvider>) =>
  createChatService({
    store: memoryStore([{ id: "varrow", title: "Varrow", text: "Queen Maelis rules Varrow." }]),
    embedder: null,
    providers: { scripted: provider },
    defaultProvider: "scripted",
    retrieval: { topK: 3, maxPerPage: 2, minScore: 0 },
    maxTokens: 100,
    temperature: 0,
  });

const ask = (url: URL, path = "/api/chat") =>
  fetch(new URL(path, url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(
      path === "/api/chat"
        ? { messages: [{ role: "user", content: "Who rules Varrow?" }] }
        : { model: "lorechat", messages: [{ role: "user", content: "Who rules Varrow?" }] },
    ),
  });

Deno.test("a client over its rate limit gets 429 with Retry-After on /api/chat and /v1", async () => {
  const server = await startTestServer({
    state: {
      chat: chatWith(scriptedProvider()),
      limits: {
        rate: memoryRateLimiter({ perMinute: 2, burst: 2 }),
        gate: new StreamGate(10, 10, 1_000),
        trustProxy: false,
      },
    },
  });
  try {
    for (let i = 0; i < 2; i++) assert.equal((await (await ask(server.url)).text(), 200), 200);
    const limited = await ask(server.url);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await limited.json()).error.code, "rate_limited");
    const v1 = await ask(server.url, "/v1/chat/completions");
    assert.equal(v1.status, 429);
    assert.equal((await v1.json()).error.type, "rate_limit_exceeded");
  } finally {
    await server.close();
  }
});

Deno.test("beyond the stream cap and its queue, requests get 503 with Retry-After", async () => {
  const slow = scriptedProvider({ tokens: Array(40).fill(" w"), delayMs: 25 });
  const gate = new StreamGate(1, 0, 0);
  const server = await startTestServer({
    state: {
      chat: chatWith(slow),
      limits: { rate: memoryRateLimiter({ perMinute: 0, burst: 1 }), gate, trustProxy: false },
    },
  });
  try {
    const first = await ask(server.url);
    const reader = first.body!.getReader();
    await reader.read();
    const second = await ask(server.url);
    assert.equal(second.status, 503);
    assert.ok(second.headers.get("retry-after"));
    assert.equal((await second.json()).error.code, "overloaded");
    while (!(await reader.read()).done) { /* drain */ }
    assert.equal(gate.active, 0, "the slot is released when the stream ends");
    const third = await ask(server.url);
    assert.equal(third.status, 200);
    await third.text();
  } finally {
    await server.close();
  }
});
