import assert from "node:assert/strict";
import { startFakeBedrock } from "../../tests/fakes/bedrock_server.ts";
import { createBedrockProvider } from "./bedrock.ts";
import {
  abortAfterTwoTokens,
  ASK as ask,
  assertServerSawAbort,
  collectStream as collect,
  LONG_TOKENS,
} from "../../tests/support/llm_stream.ts";

const credentials = { accessKeyId: "AKIAFAKEFAKEFAKE0000", secretAccessKey: "fake" };

function provider(url: string, extra: { connectTimeoutMs?: number } = {}) {
  return createBedrockProvider({
    region: "us-east-1",
    modelId: "anthropic.claude-test-v1:0",
    endpoint: url,
    credentials,
    ...extra,
  });
}

Deno.test("the Bedrock provider streams tokens and usage from the event stream", async () => {
  const fake = await startFakeBedrock({
    tokens: ["Queen", " Maelis", " rules", "."],
    usage: { inputTokens: 33, outputTokens: 4 },
  });
  const llm = provider(fake.url);
  try {
    const { parts, error } = await collect(llm);
    assert.equal(error, undefined);
    assert.deepEqual(parts, [
      { type: "text", text: "Queen" },
      { type: "text", text: " Maelis" },
      { type: "text", text: " rules" },
      { type: "text", text: "." },
      { type: "usage", inputTokens: 33, outputTokens: 4 },
    ]);
    const [request] = fake.requests;
    assert.equal(request.modelId, "anthropic.claude-test-v1:0");
    assert.match(
      request.authorization ?? "",
      /^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE0000\//,
    );
    assert.deepEqual(request.body, {
      system: [{ text: "Answer from the lore." }],
      messages: [{ role: "user", content: [{ text: "Who rules Varrow?" }] }],
      inferenceConfig: {},
    });
  } finally {
    llm.close();
    await fake.close();
  }
});

Deno.test("the Bedrock provider sends sampling options and a per-request model", async () => {
  const fake = await startFakeBedrock();
  const llm = provider(fake.url);
  try {
    const options = { model: "amazon.nova-lite-v1:0", maxTokens: 99, temperature: 0.3 };
    for await (const _ of llm.stream("s", ask, options, new AbortController().signal)) {
      // drain
    }
    const [request] = fake.requests;
    assert.equal(request.modelId, "amazon.nova-lite-v1:0");
    assert.deepEqual(
      (request.body as { inferenceConfig: unknown }).inferenceConfig,
      { maxTokens: 99, temperature: 0.3 },
    );
  } finally {
    llm.close();
    await fake.close();
  }
});

Deno.test("the Bedrock provider maps service errors to error kinds", async (t) => {
  const cases = [
    ["throttle", "rate_limit", 429],
    ["throttle-frame", "rate_limit", undefined],
    ["500", "server", 500],
    ["503", "server", 503],
    ["validation", "invalid_request", 400],
    ["denied", "auth", 403],
  ] as const;
  const fake = await startFakeBedrock({ converse: cases.map(([behaviour]) => behaviour) });
  const llm = provider(fake.url);
  try {
    for (const [behaviour, kind, status] of cases) {
      await t.step(`${behaviour} is ${kind}`, async () => {
        const { error, text } = await collect(llm);
        assert.equal(error?.kind, kind, error?.message);
        assert.equal(error?.status, status);
        assert.equal(text, "");
      });
    }
  } finally {
    llm.close();
    await fake.close();
  }
});

Deno.test("the Bedrock provider fails a stream that breaks after its first tokens", async (t) => {
  const fake = await startFakeBedrock({
    tokens: ["one", " two", " three", " four"],
    converse: ["stream-error", "cut"],
  });
  const llm = provider(fake.url);
  try {
    for (const how of ["a modelStreamErrorException frame", "an early end"]) {
      await t.step(`on ${how}`, async () => {
        const { error, text, parts } = await collect(llm);
        assert.equal(text, "one two");
        assert.equal(error?.kind, "server");
        assert.ok(!parts.some((p) => p.type === "usage"));
      });
    }
  } finally {
    llm.close();
    await fake.close();
  }
});

Deno.test("the Bedrock provider times out when no response starts", async () => {
  const fake = await startFakeBedrock({ converse: ["stall"] });
  const llm = provider(fake.url, { connectTimeoutMs: 150 });
  try {
    const { error } = await collect(llm);
    assert.equal(error?.kind, "timeout");
    assert.ok(error?.retryable);
  } finally {
    llm.close();
    await fake.close();
  }
});

Deno.test("the Bedrock connect timeout does not cut a long, steady stream", async () => {
  const fake = await startFakeBedrock({ tokens: ["a", "b", "c", "d", "e"], tokenDelayMs: 60 });
  const llm = provider(fake.url, { connectTimeoutMs: 150 });
  try {
    const { text, error } = await collect(llm);
    assert.equal(error, undefined);
    assert.equal(text, "abcde");
  } finally {
    llm.close();
    await fake.close();
  }
});

Deno.test("aborting the Bedrock stream stops it and reaches the server", async () => {
  // Under heavy load (six copies of lib/llm's tests side by side), one run in a few saw
  // the client abort at once while the fake went on writing: the HTTP/2 stream's reset
  // did not reach it. So the scenario gets a second try on a fresh fake and client; the
  // abort must reach the server in one of them, and always does on a quiet machine.
  for (let attempt = 1;; attempt++) {
    const fake = await startFakeBedrock({ tokens: LONG_TOKENS, tokenDelayMs: 40 });
    const llm = provider(fake.url);
    try {
      await abortAfterTwoTokens(llm);
      await assertServerSawAbort(fake);
      return;
    } catch (error) {
      if (attempt === 2 || !(error instanceof assert.AssertionError)) throw error;
      console.warn(`the first abort did not reach the fake (${error.message}); trying again`);
    } finally {
      llm.close();
      await fake.close();
    }
  }
});

Deno.test("the Bedrock provider reports an unreachable endpoint as connect", async () => {
  const fake = await startFakeBedrock();
  await fake.close();
  const llm = provider(fake.url);
  try {
    const { error } = await collect(llm);
    assert.equal(error?.kind, "connect", error?.message);
  } finally {
    llm.close();
  }
});
