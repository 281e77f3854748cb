import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { createServices } from "../../lib/app/services.ts";
import { startFakeOpenAi } from "../fakes/openai_server.ts";
import { readSse } from "../support/sse.ts";
import { startTestServer } from "../support/server.ts";
import { tinyCorpusDirs } from "./corpus.ts";

const COOLDOWN_MS = 30_000;

Deno.test("an OpenAI outage opens its circuit: requests go straight to the fallback until a probe succeeds", async (t) => {
  const fake = await startFakeOpenAi({ chat: ["500", "500", "500"], tokens: ["Maelis", " [1]."] });
  const dirs = await tinyCorpusDirs();
  const clock = { t: 1_000_000 };
  const env = {
    LOG_LEVEL: "error",
    DATA_DIR: dirs.data,
    SAMPLE_CORPUS_DIR: dirs.corpus,
    LLM_PROVIDER: "openai",
    LLM_FALLBACK: "extractive",
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: "sk-test-breaker",
    LLM_MAX_RETRIES: "0",
    LLM_BREAKER_FAILURES: "3",
    LLM_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
  };
  const services = await createServices(parseConfig(env), { now: () => clock.t });
  const server = await startTestServer({ env, state: services.state });
  const chatCalls = () => fake.requests.filter((r) => r.path === "/v1/chat/completions").length;
  const ask = async () => {
    const res = await fetch(new URL("/api/chat", server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "Who rules Varrow?" }] }),
    });
    const events = await readSse(res);
    const done = events.find((e) => e.event === "done")?.data as { provider: string } | undefined;
    assert.ok(done, JSON.stringify(events));
    return done.provider;
  };
  const ready = async () => {
    const res = await fetch(new URL("/api/ready", server.url));
    const body = await res.json();
    const breakers = Object.fromEntries(
      body.dependencies
        .filter((d: { name: string }) => d.name.startsWith("breaker:"))
        .map((d: { name: string; details?: { state: string } }) => [d.name, d.details?.state]),
    );
    return { status: res.status, breakers };
  };
  try {
    await t.step("closed: each failing request reaches OpenAI, then falls back", async () => {
      assert.deepEqual(await ready(), {
        status: 200,
        breakers: { "breaker:openai": "closed", "breaker:extractive": "closed" },
      });
      for (let i = 1; i <= 3; i++) {
        assert.equal(await ask(), "extractive");
        assert.equal(chatCalls(), i);
      }
    });

    await t.step("open: readiness is 503 and OpenAI sees no more requests", async () => {
      const r = await ready();
      assert.equal(r.status, 503);
      assert.equal(r.breakers["breaker:openai"], "open");
      assert.equal(r.breakers["breaker:extractive"], "closed", "a fallback's state is reported");
      const started = performance.now();
      for (let i = 0; i < 4; i++) assert.equal(await ask(), "extractive");
      assert.equal(chatCalls(), 3, "the fake saw nothing while the circuit was open");
      assert.ok(performance.now() - started < 5_000);
    });

    await t.step(
      "half-open after the cooldown: one probe reaches OpenAI and closes it",
      async () => {
        clock.t += COOLDOWN_MS - 1;
        assert.equal((await ready()).breakers["breaker:openai"], "open");
        clock.t += 1;
        assert.deepEqual(await ready(), {
          status: 200,
          breakers: { "breaker:openai": "half_open", "breaker:extractive": "closed" },
        });
        assert.equal(await ask(), "openai", "the probe answered");
        assert.equal(chatCalls(), 4);
        assert.equal((await ready()).breakers["breaker:openai"], "closed");
        assert.equal(await ask(), "openai");
        assert.equal(chatCalls(), 5);
      },
    );
  } finally {
    await server.close();
    await services.close();
    await fake.close();
    await Deno.remove(dirs.root, { recursive: true });
  }
});
