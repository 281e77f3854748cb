import assert from "node:assert/strict";
import OpenAI from "openai";
import { createChatService } from "../lib/rag/mod.ts";
import { ProviderError } from "../lib/llm/provider.ts";
import { memoryStore, type Page, scriptedProvider } from "./support/doubles.ts";
import { readSse } from "./support/sse.ts";
import { startTestServer } from "./support/server.ts";

const PAGES: Page[] = [
  {
    id: "varrow",
    title: "Varrow",
    text: "Varrow is the harbour capital of the Tidewater League. Queen Maelis rules Varrow.",
  },
  {
    id: "glass-guild",
    title: "Glass Guild",
    text: "The Glass Guild was founded by Orlen Vey in the year 212 of the Tide Reckoning.",
  },
];

function serviceWith(provider: ReturnType<typeof scriptedProvider>) {
  return createChatService({
    store: memoryStore(PAGES),
    embedder: null,
    providers: { [provider.name]: provider, backup: scriptedProvider({ name: "backup" }) },
    defaultProvider: provider.name,
    retrieval: { topK: 4, maxPerPage: 2, minScore: 0 },
    maxTokens: 256,
    temperature: 0.2,
  });
}

async function withServer(
  provider: ReturnType<typeof scriptedProvider>,
  fn: (url: (p: string) => URL) => Promise<void>,
  env: Record<string, string> = {},
) {
  const server = await startTestServer({ env, state: { chat: serviceWith(provider) } });
  try {
    await fn((p) => new URL(p, server.url));
  } finally {
    await server.close();
  }
}

const post = (url: URL, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

Deno.test("POST /api/chat streams sources, tokens and done in order", async () => {
  const provider = scriptedProvider({
    tokens: ["Queen Maelis", " rules\nVarrow ", "[1]", " — “ünïcode” \r ok [9]."],
  });
  await withServer(provider, async (url) => {
    const res = await post(url("/api/chat"), {
      messages: [{ role: "user", content: "Who rules Varrow?" }],
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /text\/event-stream/);
    const events = await readSse(res);
    const names = events.map((e) => e.event);
    assert.equal(names[0], "sources");
    assert.equal(names.at(-1), "done");
    assert.ok(names.slice(1, -1).every((n) => n === "token"));
    const sources = events[0].data as { n: number; id: string; title: string }[];
    assert.equal(sources[0].title, "Varrow");
    assert.deepEqual(Object.keys(sources[0]).sort(), [
      "heading",
      "id",
      "n",
      "score",
      "snippet",
      "title",
      "url",
    ]);
    const text = events.filter((e) => e.event === "token")
      .map((e) => (e.data as { text: string }).text).join("");
    assert.equal(text, "Queen Maelis rules\nVarrow [1] — “ünïcode” \r ok.");
    const done = events.at(-1)!.data as {
      citations: number[];
      timings: { retrievalMs: number; firstTokenMs: number; totalMs: number };
      usage: { outputTokens: number };
    };
    assert.deepEqual(done.citations, [1]);
    assert.ok(done.timings.totalMs >= done.timings.firstTokenMs);
    assert.equal(done.usage.outputTokens, 4);
    assert.match(provider.calls[0].system, /<source n="1" title="Varrow"/);
  });
});

Deno.test("POST /api/chat with Accept: application/json returns one answer", async () => {
  await withServer(scriptedProvider({ tokens: ["Orlen Vey [1]."] }), async (url) => {
    const res = await post(url("/api/chat"), {
      messages: [{ role: "user", content: "Who founded the Glass Guild?" }],
    }, { accept: "application/json" });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.answer, "Orlen Vey [1].");
    assert.equal(body.sources[0].title, "Glass Guild");
    assert.deepEqual(body.citations, [1]);
  });
});

Deno.test("an off-topic question gets a plain I-don't-know and the closest pages", async () => {
  const provider = scriptedProvider();
  await withServer(provider, async (url) => {
    const res = await post(url("/api/chat"), {
      messages: [{ role: "user", content: "What is the capital of France?" }],
    }, { accept: "application/json" });
    const body = await res.json();
    assert.match(body.answer, /I don't know/);
    assert.deepEqual(body.sources, []);
    assert.equal(provider.calls.length, 0, "the model is not asked to invent an answer");
  });
});

Deno.test("invalid chat requests get 400/413/415 with a reason", async () => {
  await withServer(scriptedProvider(), async (url) => {
    const cases: [unknown, number, RegExp][] = [
      ["{not json", 400, /not valid JSON/],
      [{}, 400, /messages/],
      [{ messages: [] }, 400, /messages/],
      [{ messages: [{ role: "system", content: "x" }] }, 400, /role/],
      [{ messages: [{ role: "user", content: "   " }] }, 400, /empty/],
      [{ messages: [{ role: "assistant", content: "hi" }] }, 400, /last message/],
      [{ messages: [{ role: "user", content: "x".repeat(8_001) }] }, 400, /8000/],
      [{ messages: [{ role: "user", content: "hi" }], extra: 1 }, 400, /extra|Unrecognized/i],
      [{ messages: [{ role: "user", content: "hi" }], options: { provider: "nope" } }, 400, /nope/],
      [
        { messages: [{ role: "user", content: "hi" }], options: { temperature: 9 } },
        400,
        /temperature/,
      ],
    ];
    for (const [body, status, reason] of cases) {
      const res = await post(url("/api/chat"), body);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
      const json = await res.json();
      assert.match(json.error.message, reason, JSON.stringify(json));
    }
    const wrongType = await fetch(url("/api/chat"), { method: "POST", body: "{}" });
    assert.equal(wrongType.status, 415);
    await wrongType.body?.cancel();
    const huge = await post(url("/api/chat"), {
      messages: [{ role: "user", content: "x".repeat(300_000) }],
    });
    assert.equal(huge.status, 413);
    await huge.body?.cancel();
  });
});

Deno.test("a provider failure becomes an error event with a sentence and a code", async () => {
  const provider = scriptedProvider({
    failBeforeFirst: new ProviderError(
      "HTTP 503 from upstream with key sk-x",
      "server",
      "scripted",
    ),
  });
  await withServer(provider, async (url) => {
    const events = await readSse(
      await post(url("/api/chat"), { messages: [{ role: "user", content: "Who rules Varrow?" }] }),
    );
    assert.deepEqual(events.map((e) => e.event), ["sources", "error"]);
    const error = events[1].data as { code: string; message: string };
    assert.equal(error.code, "provider_server");
    assert.ok(!error.message.includes("sk-x"));
    assert.match(error.message, /try again/i);
  });
});

Deno.test("a client that disconnects aborts the model request", async () => {
  const provider = scriptedProvider({ tokens: Array(200).fill(" word"), delayMs: 20 });
  await withServer(provider, async (url) => {
    const res = await post(url("/api/chat"), {
      messages: [{ role: "user", content: "Who rules Varrow?" }],
    });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    for (let i = 0; i < 50 && !provider.calls[0]?.aborted; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(provider.calls[0].aborted, true);
  });
});

Deno.test("the OpenAI-compatible endpoint serves the openai SDK", async (t) => {
  const provider = scriptedProvider({ tokens: ["Queen ", "Maelis ", "[1]", "."] });
  await withServer(provider, async (url) => {
    const client = new OpenAI({ apiKey: "k-canary-1", baseURL: url("/v1").href, maxRetries: 0 });
    await t.step("models list", async () => {
      const models = await client.models.list();
      const ids = models.data.map((m) => m.id);
      assert.ok(ids.includes("lorechat"));
      assert.ok(ids.includes("lorechat/backup"));
    });
    await t.step("non-streaming completion with a sources list", async () => {
      const completion = await client.chat.completions.create({
        model: "lorechat",
        messages: [{ role: "system", content: "be terse" }, {
          role: "user",
          content: "Who rules Varrow?",
        }],
      });
      const content = completion.choices[0].message.content!;
      assert.match(content, /^Queen Maelis \[1\]\./);
      assert.match(content, /Sources:\n\[1\] Varrow/);
      assert.equal(completion.usage?.completion_tokens, 4);
    });
    await t.step("streaming completion", async () => {
      const stream = await client.chat.completions.create({
        model: "lorechat",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "Who rules Varrow?" }],
      });
      let text = "";
      let finish: string | null = null;
      let usage = 0;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
        usage = chunk.usage?.completion_tokens ?? usage;
      }
      assert.match(text, /^Queen Maelis \[1\]\.\n\nSources:\n\[1\] Varrow/);
      assert.equal(finish, "stop");
      assert.equal(usage, 4);
    });
    await t.step("unknown model is a 404 the SDK understands", async () => {
      await assert.rejects(
        client.chat.completions.create({
          model: "gpt-9",
          messages: [{ role: "user", content: "hi" }],
        }),
        (e: unknown) => e instanceof OpenAI.NotFoundError,
      );
    });
  }, { API_KEYS: "k-canary-1" });
});

Deno.test("an oversize body on /v1 gets a 413 in OpenAI's error shape", async () => {
  await withServer(scriptedProvider(), async (url) => {
    const res = await post(url("/v1/chat/completions"), {
      model: "lorechat",
      messages: [{ role: "user", content: "x".repeat(300_000) }],
    });
    assert.equal(res.status, 413);
    const body = await res.json();
    assert.equal(body.error.type, "invalid_request_error");
    assert.equal(body.error.code, "payload_too_large");
  });
});

Deno.test("API_KEYS guards the OpenAI-compatible endpoint", async () => {
  await withServer(scriptedProvider(), async (url) => {
    const client = new OpenAI({ apiKey: "wrong", baseURL: url("/v1").href, maxRetries: 0 });
    await assert.rejects(
      client.models.list(),
      (e: unknown) => e instanceof OpenAI.AuthenticationError,
    );
  }, { API_KEYS: "right-key" });
});

Deno.test("/api/info describes the collection, providers and suggestions", async () => {
  const provider = scriptedProvider();
  const server = await startTestServer({
    state: { chat: serviceWith(provider), store: memoryStore(PAGES) },
  });
  try {
    const info = await (await fetch(new URL("/api/info", server.url))).json();
    assert.equal(info.collection.documents, 2);
    assert.equal(info.providers.find((p: { default: boolean }) => p.default).provider, "scripted");
    assert.equal(info.suggestions.length, 2);
    assert.ok(info.suggestions.every((s: string) => /Varrow|Glass Guild/.test(s)));
  } finally {
    await server.close();
  }
});
