import assert from "node:assert/strict";
import { ConfigError, parseConfig, redactConfig, scrubSecrets, secretValues } from "./mod.ts";

Deno.test("parseConfig applies defaults for an empty environment", () => {
  const config = parseConfig({});
  assert.equal(config.PORT, 8000);
  assert.equal(config.ENV, "development");
  assert.equal(config.llmProvider, "extractive");
  assert.equal(config.VECTOR_STORE, "sqlite");
  assert.equal(config.logFormat, "pretty");
  assert.equal(config.logLevel, "info");
});

Deno.test("parseConfig derives log format and level from ENV and DEBUG", () => {
  assert.equal(parseConfig({ ENV: "production" }).logFormat, "json");
  assert.equal(parseConfig({ DEBUG: "true" }).logLevel, "debug");
  assert.equal(parseConfig({ DEBUG: "true", LOG_LEVEL: "error" }).logLevel, "error");
});

Deno.test("parseConfig lists every problem, each with its variable", () => {
  let error: unknown;
  try {
    parseConfig({
      PORT: "eighty",
      ENV: "staging",
      LLM_PROVIDER: "clippy",
      VECTOR_STORE: "upstash",
      LOG_FORMAT: "xml",
      CHUNK_SIZE: "500",
      CHUNK_OVERLAP: "900",
    });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ConfigError);
  const variables = error.problems.map((p) => p.variable).sort();
  assert.deepEqual(variables, [
    "CHUNK_OVERLAP",
    "ENV",
    "LLM_PROVIDER",
    "LOG_FORMAT",
    "PORT",
    "UPSTASH_VECTOR_REST_TOKEN",
    "UPSTASH_VECTOR_REST_URL",
  ]);
  for (const v of variables) assert.match(error.message, new RegExp(`- ${v}: `));
});

Deno.test("openai without a key or base URL is refused; with a base URL it is fine", () => {
  assert.throws(() => parseConfig({ LLM_PROVIDER: "openai" }), /OPENAI_API_KEY: required/);
  const config = parseConfig({
    LLM_PROVIDER: "openai",
    OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
  });
  assert.equal(config.llmProvider, "openai");
});

Deno.test("secrets are redacted from any printout of the config", () => {
  const config = parseConfig({
    OPENAI_API_KEY: "sk-canary-123456",
    UPSTASH_VECTOR_REST_TOKEN: "upstash-canary-token",
    UPSTASH_VECTOR_REST_URL: "https://vector.example",
    VECTOR_STORE: "upstash",
    API_KEYS: "k1-canary,k2-canary",
  });
  const printed = JSON.stringify(redactConfig(config));
  for (const secret of ["sk-canary-123456", "upstash-canary-token", "k1-canary", "k2-canary"]) {
    assert.ok(!printed.includes(secret), secret);
  }
  assert.match(printed, /"OPENAI_API_KEY":"\[redacted\]"/);
  assert.deepEqual(secretValues(config).sort(), [
    "k1-canary",
    "k2-canary",
    "sk-canary-123456",
    "upstash-canary-token",
  ]);
  assert.equal(scrubSecrets("key=sk-canary-123456!", secretValues(config)), "key=[redacted]!");
});

Deno.test("an invalid secret value is never echoed in the error", () => {
  try {
    parseConfig({ OPENAI_API_KEY: " ", PORT: "x", METRICS_TOKEN: "" });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
  }
  assert.throws(() => parseConfig({ UPSTASH_REDIS_REST_URL: "not a url sk-live-xyz" }), (e) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.problems[0].variable, "UPSTASH_REDIS_REST_URL");
    return true;
  });
});
