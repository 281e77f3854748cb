import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { configureLogging, resetLogging } from "../../lib/log/mod.ts";
import { createServices } from "../../lib/app/services.ts";
import { createEmbedder } from "../../lib/embeddings/mod.ts";
import { indexDocuments, readSourceTree } from "../../lib/ingest/mod.ts";
import { startFakeOpenAi } from "../fakes/openai_server.ts";
import { startFakeBedrock } from "../fakes/bedrock_server.ts";
import { startFakeUpstash } from "../fakes/upstash_server.ts";
import { startTestServer } from "../support/server.ts";
import { tinyCorpusDirs } from "../reliability/corpus.ts";

/** A secret value with a random core that must never be seen again, whole or in part. */
function canary(prefix: string) {
  const core = Array.from(
    crypto.getRandomValues(new Uint8Array(8)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  return { value: `${prefix}${core}`, core };
}

const SECRETS = {
  OPENAI_API_KEY: canary("sk-canary-openai-"),
  AWS_ACCESS_KEY_ID: canary("AKIACANARY"),
  AWS_SECRET_ACCESS_KEY: canary("canary-aws-secret-"),
  AWS_SESSION_TOKEN: canary("canary-aws-session-"),
  UPSTASH_VECTOR_REST_TOKEN: canary("canary-upstash-vector-"),
  UPSTASH_REDIS_REST_TOKEN: canary("canary-upstash-redis-"),
  METRICS_TOKEN: canary("canary-metrics-"),
  API_KEY_1: canary("canary-apikey-one-"),
  API_KEY_2: canary("canary-apikey-two-"),
};

/** Every form a leaked secret could take: whole, its core, half its core, base64, URL-encoded. */
function leakPatterns(): { name: string; needle: string }[] {
  return Object.entries(SECRETS).flatMap(([name, { value, core }]) => [
    { name, needle: value },
    { name, needle: core },
    { name, needle: core.slice(0, 8) },
    { name, needle: core.slice(8) },
    { name, needle: btoa(value).slice(4, -4) },
    { name, needle: encodeURIComponent(value) },
  ]);
}

Deno.test("no secret reaches a log line, a response body or a header", async () => {
  const openai = await startFakeOpenAi({
    // 401s echo the presented key back, as a careless server might.
    chat: ["401", "500", "401", "ok", "ok"],
    tokens: ["Queen Maelis rules Varrow ", "[1]."],
  });
  const bedrock = await startFakeBedrock({ converse: ["denied"] });
  const upstash = startFakeUpstash({
    token: SECRETS.UPSTASH_VECTOR_REST_TOKEN.value,
    hostedEmbedding: true,
  });
  const dirs = await tinyCorpusDirs();
  const env = {
    ENV: "production",
    LOG_LEVEL: "debug",
    LOG_FORMAT: "json",
    DATA_DIR: dirs.data,
    LLM_PROVIDER: "openai",
    LLM_FALLBACK: "bedrock",
    LLM_MAX_RETRIES: "0",
    OPENAI_BASE_URL: openai.url,
    BEDROCK_ENDPOINT_URL: bedrock.url,
    VECTOR_STORE: "upstash",
    UPSTASH_VECTOR_MODE: "hosted",
    UPSTASH_VECTOR_REST_URL: upstash.url,
    OPENAI_API_KEY: SECRETS.OPENAI_API_KEY.value,
    AWS_ACCESS_KEY_ID: SECRETS.AWS_ACCESS_KEY_ID.value,
    AWS_SECRET_ACCESS_KEY: SECRETS.AWS_SECRET_ACCESS_KEY.value,
    AWS_SESSION_TOKEN: SECRETS.AWS_SESSION_TOKEN.value,
    UPSTASH_VECTOR_REST_TOKEN: SECRETS.UPSTASH_VECTOR_REST_TOKEN.value,
    UPSTASH_REDIS_REST_TOKEN: SECRETS.UPSTASH_REDIS_REST_TOKEN.value,
    METRICS_TOKEN: SECRETS.METRICS_TOKEN.value,
    API_KEYS: `${SECRETS.API_KEY_1.value}, ${SECRETS.API_KEY_2.value}`,
  };
  const config = parseConfig(env);
  const lines: string[] = [];
  await configureLogging({ config, write: (line) => lines.push(line) });
  const services = await createServices(config);
  const server = await startTestServer({ env, state: services.state });
  const seen: { what: string; text: string }[] = [];
  const visit = async (what: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(path, server.url), init);
    const body = await res.text();
    seen.push({ what, text: `${res.status}\n${[...res.headers].join("\n")}\n${body}` });
    return { status: res.status, body };
  };
  const chatBody = JSON.stringify({ messages: [{ role: "user", content: "Who rules Varrow?" }] });
  const json = { "content-type": "application/json" };
  const bearer = (key: string) => ({ ...json, authorization: `Bearer ${key}` });
  try {
    await indexDocuments(readSourceTree(dirs.corpus), {
      store: services.state.store!,
      embedder: createEmbedder(config),
      chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
    });
    const tour: [string, string, RequestInit?][] = [
      ["home page", "/"],
      ["about page", "/about"],
      ["missing page", "/no-such-page"],
      ["health", "/api/health"],
      ["readiness", "/api/ready"],
      ["info", "/api/info"],
      ["metrics without token", "/api/metrics"],
      ["metrics with a wrong token", "/api/metrics", { headers: bearer("nope") }],
      ["chat: OpenAI 401 echoing the key", "/api/chat", {
        method: "POST",
        headers: json,
        body: chatBody,
      }],
      ["chat (JSON): OpenAI 500, Bedrock denied", "/api/chat", {
        method: "POST",
        headers: { ...json, accept: "application/json" },
        body: chatBody,
      }],
      ["v1 models without a key", "/v1/models"],
      ["v1 models with a key", "/v1/models", { headers: bearer(SECRETS.API_KEY_2.value) }],
      ["v1 completion with a wrong key", "/v1/chat/completions", {
        method: "POST",
        headers: bearer("sk-wrong"),
        body: "{}",
      }],
      ["v1 completion: OpenAI 401 echoing the key", "/v1/chat/completions", {
        method: "POST",
        headers: bearer(SECRETS.API_KEY_1.value),
        body: JSON.stringify({
          model: "lorechat",
          messages: [{ role: "user", content: "Who rules Varrow?" }],
        }),
      }],
      ["chat: success", "/api/chat", { method: "POST", headers: json, body: chatBody }],
      ["v1 completion: streamed success", "/v1/chat/completions", {
        method: "POST",
        headers: bearer(SECRETS.API_KEY_1.value),
        body: JSON.stringify({
          model: "lorechat",
          stream: true,
          messages: [{ role: "user", content: "Who rules Varrow?" }],
        }),
      }],
      ["invalid chat", "/api/chat", { method: "POST", headers: json, body: "{" }],
      ["metrics with the token", "/api/metrics", { headers: bearer(SECRETS.METRICS_TOKEN.value) }],
    ]; // deno-fmt-ignore
    const outcomes: Record<string, number> = {};
    for (const [what, path, init] of tour) outcomes[what] = (await visit(what, path, init)).status;
    upstash.fail((r) => r.command === "info");
    outcomes["readiness with the store failing"] =
      (await visit("readiness, store down", "/api/ready")).status;
    upstash.fail(0);

    // The tour went where it meant to: errors were errors, successes successes.
    assert.equal(outcomes["metrics with the token"], 200);
    assert.equal(outcomes["v1 completion with a wrong key"], 401);
    assert.equal(outcomes["v1 completion: OpenAI 401 echoing the key"], 502);
    assert.equal(outcomes["chat (JSON): OpenAI 500, Bedrock denied"], 502);
    assert.equal(outcomes["readiness with the store failing"], 503);
    const text = (what: string) => seen.find((s) => s.what === what)!.text;
    assert.match(text("chat: OpenAI 401 echoing the key"), /provider_auth/);
    assert.match(text("chat: success"), /Queen Maelis/);
    assert.ok(openai.requests.some((r) => r.authorization?.includes(SECRETS.OPENAI_API_KEY.value)));
    assert.ok(
      bedrock.requests.some((r) => r.authorization?.includes(SECRETS.AWS_ACCESS_KEY_ID.value)),
    );
    assert.ok(lines.length > 20, `${lines.length} log lines`);
    assert.ok(
      lines.some((l) => /"message":"provider .*openai.* failed .*"kind":"auth"/.test(l)),
      "the provider failure was logged, with its detail",
    );
  } finally {
    await server.close();
    await services.close();
    await resetLogging();
    await openai.close();
    await bedrock.close();
    await upstash.close();
    await Deno.remove(dirs.root, { recursive: true });
  }
  const leaks: string[] = [];
  const corpus = [...lines.map((text, i) => ({ what: `log line ${i}`, text })), ...seen];
  for (const { what, text } of corpus) {
    for (const { name, needle } of leakPatterns()) {
      if (text.includes(needle)) leaks.push(`${name} in ${what}: ${text.slice(0, 300)}`);
    }
  }
  assert.deepEqual(leaks, [], leaks.join("\n"));
});
