import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { createServices } from "../../lib/app/services.ts";
import { createEmbedder } from "../../lib/embeddings/mod.ts";
import { indexDocuments, readSourceTree } from "../../lib/ingest/mod.ts";
import { startFakeUpstash } from "../fakes/upstash_server.ts";
import { readSse } from "../support/sse.ts";
import { startTestServer } from "../support/server.ts";
import { tinyCorpusDirs } from "./corpus.ts";

/**
 * A switchable hop in front of the fake Upstash: it forwards requests, or holds them
 * unanswered (a hung store) until the client gives up.
 */
function startHangingProxy(target: string) {
  const state = { hang: false, held: 0, abandoned: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    if (state.hang) {
      state.held++;
      await new Promise((resolve) => req.signal.addEventListener("abort", resolve, { once: true }));
      state.abandoned++;
      return new Response(null, { status: 499 });
    }
    const url = new URL(req.url);
    return await fetch(`${target}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body: await req.arrayBuffer(),
    });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, state, close: () => server.shutdown() };
}

async function waitFor(condition: () => boolean, ms = 3_000) {
  const until = performance.now() + ms;
  while (!condition() && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
  return condition();
}

Deno.test("a vector store outage ends chats with store_unavailable quickly and makes /api/ready 503", async (t) => {
  const TOKEN = "upstash-outage-token";
  const fake = startFakeUpstash({ token: TOKEN, hostedEmbedding: true });
  const proxy = startHangingProxy(fake.url);
  const dirs = await tinyCorpusDirs();
  const env = {
    LOG_LEVEL: "error",
    VECTOR_STORE: "upstash",
    UPSTASH_VECTOR_MODE: "hosted",
    UPSTASH_VECTOR_REST_URL: proxy.url,
    UPSTASH_VECTOR_REST_TOKEN: TOKEN,
    UPSTASH_VECTOR_TIMEOUT_MS: "250",
    READY_TIMEOUT_MS: "400",
    DATA_DIR: dirs.data,
  };
  const config = parseConfig(env);
  const services = await createServices(config);
  const server = await startTestServer({ env, state: services.state });
  const chat = async (signal?: AbortSignal) => {
    const started = performance.now();
    const res = await fetch(new URL("/api/chat", server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "Who rules Varrow?" }] }),
      signal,
    });
    const events = await readSse(res);
    return { status: res.status, events, ms: performance.now() - started };
  };
  const ready = async () => {
    const started = performance.now();
    const res = await fetch(new URL("/api/ready", server.url));
    const body = await res.json();
    const store = body.dependencies.find((d: { name: string }) => d.name === "vectorstore:upstash");
    return { status: res.status, store, ms: performance.now() - started };
  };
  try {
    const report = await indexDocuments(readSourceTree(dirs.corpus), {
      store: services.state.store!,
      embedder: createEmbedder(config),
      chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
    });
    assert.equal(report.indexed, 2, JSON.stringify(report.failures));

    await t.step("healthy: the chat answers from the store", async () => {
      const { events } = await chat();
      assert.equal(events[0].event, "sources");
      assert.ok((events[0].data as unknown[]).length > 0);
      assert.equal(events.at(-1)!.event, "done");
      assert.equal((await ready()).status, 200);
    });

    await t.step("hung: the chat ends with store_unavailable within its timeouts", async () => {
      proxy.state.hang = true;
      const { status, events, ms } = await chat();
      assert.equal(status, 200);
      assert.deepEqual(events.map((e) => e.event), ["error"]);
      const error = events[0].data as { code: string; message: string };
      assert.equal(error.code, "store_unavailable");
      assert.match(error.message, /knowledge base is unavailable/);
      assert.ok(!JSON.stringify(events).includes(TOKEN));
      // Three attempts of 250 ms plus 300 ms of backoff, with slack for a busy machine.
      assert.ok(ms < 4_000, `the hung store held the chat for ${Math.round(ms)} ms`);
      const r = await ready();
      assert.equal(r.status, 503);
      assert.equal(r.store.status, "down");
      assert.ok(r.ms < 2_000, `readiness took ${Math.round(r.ms)} ms`);
    });

    await t.step(
      "hung: a client that gives up cancels the store call, with no retries after",
      async () => {
        const controller = new AbortController();
        const pending = chat(controller.signal).catch((e) => e);
        assert.ok(await waitFor(() => proxy.state.held > proxy.state.abandoned));
        const held = proxy.state.held;
        const aborted = performance.now();
        controller.abort();
        await pending;
        assert.ok(await waitFor(() => proxy.state.held === proxy.state.abandoned, 1_000));
        const ms = performance.now() - aborted;
        // The attempt's own 250 ms timeout would take longer; the abort reached it first.
        assert.ok(ms < 200, `the held store request was released ${Math.round(ms)} ms after`);
        await new Promise((r) => setTimeout(r, 700));
        assert.equal(proxy.state.held, held, "no retry was sent for an abandoned chat");
      },
    );

    await t.step("down: connection refused ends the chat at once with the same error", async () => {
      proxy.state.hang = false;
      await proxy.close();
      const { events, ms } = await chat();
      assert.deepEqual(events.map((e) => e.event), ["error"]);
      assert.equal((events[0].data as { code: string }).code, "store_unavailable");
      assert.ok(ms < 3_000, `took ${Math.round(ms)} ms`);
      const r = await ready();
      assert.equal(r.status, 503);
      assert.equal(r.store.status, "down");
      const info = await fetch(new URL("/api/info", server.url));
      assert.equal(info.status, 503);
      assert.equal((await info.json()).error.code, "store_unavailable");
    });
  } finally {
    await server.close();
    await services.close();
    await proxy.close().catch(() => {});
    await fake.close();
    await Deno.remove(dirs.root, { recursive: true });
  }
});
