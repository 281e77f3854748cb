import assert from "node:assert/strict";
import { parseConfig } from "../config/mod.ts";
import { startFakeBedrock } from "../../tests/fakes/bedrock_server.ts";
import { startFakeOpenAi } from "../../tests/fakes/openai_server.ts";
import { EXTRACTIVE_LABEL } from "./extractive.ts";
import { createLlmProvider, createLlmProviders, listModels } from "./factory.ts";
import { type LlmProvider, ProviderError, type SourcePassage } from "./provider.ts";
import type { AttemptReport } from "./resilient.ts";
import { assertServerSawAbort } from "../../tests/support/llm_stream.ts";

const KEY = "sk-factory-test-key-000000";
const AWS = { AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE0000", AWS_SECRET_ACCESS_KEY: "fake" };
const SOURCES: SourcePassage[] = [{
  n: 1,
  id: "varrow#0",
  title: "Varrow",
  url: "https://lore.example/Varrow",
  heading: "Varrow",
  text: "| Ruler | Queen Maelis |\n\nVarrow is a cold river kingdom.",
  score: 1,
}];

function deps(reports: AttemptReport[] = []) {
  return { sleep: () => Promise.resolve(), onAttempt: (r: AttemptReport) => reports.push(r) };
}

async function ask(llm: LlmProvider, signal = new AbortController().signal) {
  let text = "";
  let answeredBy = "";
  try {
    for await (
      const part of llm.stream("system", [{ role: "user", content: "Who rules Varrow?" }], {
        sources: SOURCES,
        onProvider: ({ provider }) => answeredBy = provider,
      }, signal)
    ) {
      if (part.type === "text") text += part.text;
    }
    return { text, answeredBy };
  } catch (error) {
    assert.ok(error instanceof ProviderError, String(error));
    return { text, answeredBy, error };
  }
}

Deno.test("with no LLM configured the factory answers extractively", async () => {
  const config = parseConfig({});
  const llm = createLlmProvider(config);
  assert.equal(llm.name, "extractive");
  const { text } = await ask(llm);
  assert.ok(text.startsWith(EXTRACTIVE_LABEL));
  assert.ok(text.includes("Queen Maelis [1]"));
  assert.deepEqual(listModels(config), [{ provider: "extractive", model: "extractive" }]);
});

Deno.test("listModels names every configured provider, the default first", () => {
  const config = parseConfig({
    LLM_PROVIDER: "bedrock",
    OPENAI_API_KEY: KEY,
    OPENAI_MODEL: "gpt-x",
    BEDROCK_MODEL_ID: "amazon.nova-lite-v1:0",
  });
  assert.deepEqual(listModels(config), [
    { provider: "bedrock", model: "amazon.nova-lite-v1:0" },
    { provider: "openai", model: "gpt-x" },
    { provider: "extractive", model: "extractive" },
  ]);
  const providers = createLlmProviders(config);
  assert.deepEqual(Object.keys(providers).sort(), ["bedrock", "extractive", "openai"]);
  assert.equal(providers.openai.model, "gpt-x");
  providers.bedrock.close?.();
});

Deno.test("the chain falls back from Bedrock to OpenAI to extractive", async () => {
  const bedrock = await startFakeBedrock({ converse: ["503", "500"] });
  const openai = await startFakeOpenAi({ chat: ["500", "502"] });
  const reports: AttemptReport[] = [];
  const llm = createLlmProvider(
    parseConfig({
      ...AWS,
      LLM_PROVIDER: "bedrock",
      LLM_FALLBACK: "openai,extractive",
      LLM_MAX_RETRIES: "1",
      BEDROCK_ENDPOINT_URL: bedrock.url,
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: KEY,
    }),
    deps(reports),
  );
  try {
    assert.equal(llm.name, "bedrock");
    const { text, answeredBy, error } = await ask(llm);
    assert.equal(error, undefined);
    assert.equal(answeredBy, "extractive");
    assert.ok(text.includes("Queen Maelis [1]"));
    assert.deepEqual(reports.map((r) => `${r.provider}:${r.error?.kind ?? r.outcome}`), [
      "bedrock:server",
      "bedrock:server",
      "openai:server",
      "openai:server",
      "extractive:answering",
    ]);
    assert.equal(bedrock.requests.length, 2);
    assert.equal(openai.requests.length, 2);
  } finally {
    llm.close?.();
    await bedrock.close();
    await openai.close();
  }
});

function openAiConfig(url: string, extra: Record<string, string> = {}) {
  return parseConfig({
    LLM_PROVIDER: "openai",
    LLM_FALLBACK: "extractive",
    OPENAI_BASE_URL: url,
    OPENAI_API_KEY: KEY,
    ...extra,
  });
}

Deno.test("an OpenAI 429 is retried and the answer arrives once", async () => {
  const fake = await startFakeOpenAi({ chat: ["429", "ok"], tokens: ["Queen", " Maelis", "."] });
  try {
    const { text, answeredBy } = await ask(createLlmProvider(openAiConfig(fake.url), deps()));
    assert.equal(text, "Queen Maelis.");
    assert.equal(answeredBy, "openai");
    assert.equal(fake.requests.length, 2);
  } finally {
    await fake.close();
  }
});

Deno.test("an OpenAI stream with no first token in time falls back and hangs up", async () => {
  const fake = await startFakeOpenAi({ chat: ["stall-body"] });
  try {
    const config = openAiConfig(fake.url, { LLM_FIRST_TOKEN_TIMEOUT_MS: "150" });
    const reports: AttemptReport[] = [];
    const { text, answeredBy } = await ask(createLlmProvider(config, deps(reports)), undefined);
    assert.equal(answeredBy, "extractive");
    assert.ok(text.startsWith(EXTRACTIVE_LABEL));
    assert.equal(reports[0].error?.kind, "timeout");
    assert.equal(fake.requests.length, 1, "a timeout is not retried");
    await assertServerSawAbort(fake);
  } finally {
    await fake.close();
  }
});

Deno.test("an OpenAI stream cut after its first tokens fails without a second answer", async () => {
  const fake = await startFakeOpenAi({
    chat: ["drop"],
    tokens: ["one", " two", " three", " four"],
  });
  try {
    const { text, error } = await ask(createLlmProvider(openAiConfig(fake.url), deps()));
    assert.equal(text, "one two");
    assert.equal(error?.kind, "server");
    assert.equal(fake.requests.length, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("aborting through the chain disconnects from OpenAI", async () => {
  // Enough tokens that the fake is still writing when the abort lands, even when loaded.
  const tokens = Array.from({ length: 200 }, (_, i) => `t${i} `);
  const fake = await startFakeOpenAi({ tokens, tokenDelayMs: 50 });
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 120);
    const { error } = await ask(
      createLlmProvider(openAiConfig(fake.url), deps()),
      controller.signal,
    );
    assert.equal(error?.kind, "aborted");
    await assertServerSawAbort(fake);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI key never appears in a chain's error", async () => {
  const fake = await startFakeOpenAi({ chat: ["401"] });
  try {
    const config = parseConfig({
      LLM_PROVIDER: "openai",
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: KEY,
    });
    const { error } = await ask(createLlmProvider(config, deps()));
    assert.equal(error?.kind, "auth");
    assert.ok(!`${error?.message} ${error?.stack}`.includes(KEY));
  } finally {
    await fake.close();
  }
});

Deno.test("Bedrock throttling is retried until the stream answers", async () => {
  const fake = await startFakeBedrock({
    converse: ["throttle", "throttle-frame", "ok"],
    tokens: ["Queen", " Maelis"],
    usage: { inputTokens: 40, outputTokens: 2 },
  });
  const reports: AttemptReport[] = [];
  const llm = createLlmProvider(
    parseConfig({ ...AWS, LLM_PROVIDER: "bedrock", BEDROCK_ENDPOINT_URL: fake.url }),
    deps(reports),
  );
  try {
    const { text, answeredBy } = await ask(llm);
    assert.equal(text, "Queen Maelis");
    assert.equal(answeredBy, "bedrock");
    assert.deepEqual(reports.map((r) => r.error?.kind ?? r.outcome), [
      "rate_limit",
      "rate_limit",
      "answering",
    ]);
    assert.equal(fake.requests.length, 3);
  } finally {
    llm.close?.();
    await fake.close();
  }
});
