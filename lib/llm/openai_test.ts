import assert from "node:assert/strict";
import { startFakeOpenAi } from "../../tests/fakes/openai_server.ts";
import { createOpenAiProvider } from "./openai.ts";
import type { ProviderError } from "./provider.ts";
import {
  abortAfterTwoTokens,
  ASK as ask,
  assertServerSawAbort,
  collectStream,
  LONG_TOKENS,
} from "../../tests/support/llm_stream.ts";
import type { LlmProvider } from "./provider.ts";

const collect = (llm: LlmProvider, signal?: AbortSignal) =>
  collectStream(llm, signal, "You answer from the lore.");

const KEY = "sk-test-0123456789abcdef";

Deno.test("the OpenAI provider streams tokens in order, then usage", async () => {
  const fake = await startFakeOpenAi({ tokens: ["Queen", " Maelis", " rules", "."] });
  try {
    const llm = createOpenAiProvider({ model: "gpt-test", apiKey: KEY, baseURL: fake.url });
    const { parts, error } = await collect(llm);
    assert.equal(error, undefined);
    assert.deepEqual(parts, [
      { type: "text", text: "Queen" },
      { type: "text", text: " Maelis" },
      { type: "text", text: " rules" },
      { type: "text", text: "." },
      { type: "usage", inputTokens: 12, outputTokens: 4 },
    ]);
    const body = fake.requests[0].body as Record<string, unknown>;
    assert.equal(body.model, "gpt-test");
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.deepEqual(body.messages, [
      { role: "system", content: "You answer from the lore." },
      ...ask,
    ]);
    assert.equal(fake.requests[0].authorization, `Bearer ${KEY}`);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI provider passes sampling options and a per-request model", async () => {
  const fake = await startFakeOpenAi();
  try {
    const llm = createOpenAiProvider({ model: "gpt-test", baseURL: fake.url });
    const options = { model: "llama3.1", maxTokens: 64, temperature: 0.1 };
    for await (const _ of llm.stream("s", ask, options, new AbortController().signal)) {
      // drain
    }
    const body = fake.requests[0].body as Record<string, unknown>;
    assert.equal(body.model, "llama3.1");
    assert.equal(body.max_tokens, 64);
    assert.equal(body.temperature, 0.1);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI provider maps HTTP failures to error kinds", async (t) => {
  const cases = [
    ["429", "rate_limit", true],
    ["500", "server", true],
    ["503", "server", true],
    ["401", "auth", false],
    ["403", "auth", false],
    ["400", "invalid_request", false],
    ["404", "invalid_request", false],
  ] as const;
  const fake = await startFakeOpenAi({ chat: cases.map(([status]) => status) });
  try {
    const llm = createOpenAiProvider({ model: "m", apiKey: KEY, baseURL: fake.url });
    for (const [status, kind, retryable] of cases) {
      await t.step(`HTTP ${status} is ${kind}`, async () => {
        const { error, text } = await collect(llm);
        assert.equal(error?.kind, kind);
        assert.equal(error?.status, Number(status));
        assert.equal(error?.retryable, retryable);
        assert.equal(error?.provider, "openai");
        assert.equal(text, "");
      });
    }
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI provider never puts the API key in an error", async () => {
  // The fake echoes the presented key in its 401 body, as a careless server might.
  const fake = await startFakeOpenAi({ chat: ["401"] });
  try {
    const llm = createOpenAiProvider({ model: "m", apiKey: KEY, baseURL: fake.url });
    const { error } = await collect(llm);
    assert.equal(error?.kind, "auth");
    assert.ok(fake.requests[0].authorization?.includes(KEY), "the key was sent");
    const everything = [error?.message, String(error), error?.stack, String(error?.cause)]
      .join("\n");
    assert.ok(!everything.includes(KEY), everything);
    assert.ok(!everything.includes("0123456789abcdef"), everything);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI provider reports an unreachable server as connect", async () => {
  const fake = await startFakeOpenAi();
  const url = fake.url;
  await fake.close();
  const llm = createOpenAiProvider({ model: "m", apiKey: KEY, baseURL: url });
  const { error } = await collect(llm);
  assert.equal(error?.kind, "connect");
  assert.ok(error?.retryable);
  await assert.rejects(llm.ping!(new AbortController().signal), (e: ProviderError) => {
    assert.equal(e.kind, "connect");
    return true;
  });
});

Deno.test("the OpenAI provider times out when no headers arrive", async () => {
  const fake = await startFakeOpenAi({ chat: ["stall"] });
  try {
    const llm = createOpenAiProvider({ model: "m", baseURL: fake.url, connectTimeoutMs: 150 });
    const started = performance.now();
    const { error } = await collect(llm);
    assert.equal(error?.kind, "timeout");
    // The stall never ends; only the 150 ms timeout can have ended the wait.
    assert.ok(performance.now() - started < 5_000);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI connect timeout does not cut a long, steady stream", async () => {
  const fake = await startFakeOpenAi({ tokens: ["a", "b", "c", "d", "e"], tokenDelayMs: 60 });
  try {
    const llm = createOpenAiProvider({ model: "m", baseURL: fake.url, connectTimeoutMs: 150 });
    const { text, error } = await collect(llm);
    assert.equal(error, undefined);
    assert.equal(text, "abcde");
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI provider surfaces a stream cut mid-way after its tokens", async (t) => {
  const fake = await startFakeOpenAi({
    tokens: ["one", " two", " three", " four"],
    chat: ["cut", "drop"],
  });
  try {
    const llm = createOpenAiProvider({ model: "m", baseURL: fake.url });
    for (const how of ["ends early", "drops the connection"]) {
      await t.step(`when the body ${how}`, async () => {
        const { error, text, parts } = await collect(llm);
        assert.equal(text, "one two");
        assert.equal(error?.kind, "server");
        assert.ok(!parts.some((p) => p.type === "usage"));
      });
    }
  } finally {
    await fake.close();
  }
});

Deno.test("aborting the OpenAI stream disconnects from the server", async () => {
  const fake = await startFakeOpenAi({ tokens: LONG_TOKENS, tokenDelayMs: 40 });
  try {
    const llm = createOpenAiProvider({ model: "m", baseURL: fake.url });
    await abortAfterTwoTokens(llm);
    await assertServerSawAbort(fake);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI provider pings by listing models", async () => {
  const fake = await startFakeOpenAi({ apiKey: KEY });
  try {
    const llm = createOpenAiProvider({ model: "m", apiKey: KEY, baseURL: fake.url });
    await llm.ping!(new AbortController().signal);
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), ["GET /v1/models"]);
    const wrongKey = createOpenAiProvider({
      model: "m",
      apiKey: "sk-wrong-key",
      baseURL: fake.url,
    });
    await assert.rejects(wrongKey.ping!(new AbortController().signal), (e: ProviderError) => {
      assert.equal(e.kind, "auth");
      assert.ok(!e.message.includes("sk-wrong-key"));
      return true;
    });
  } finally {
    await fake.close();
  }
});
