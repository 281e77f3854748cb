/**
 * The app as Deno Deploy runs it: `main.ts` under `--allow-net --allow-env --allow-read
 * --deny-write --deny-run --deny-ffi`, Upstash Vector (the loopback fake, a hybrid
 * index) as the store and an OpenAI-compatible model (the loopback fake). Island
 * bundles are prebuilt (as `deno task build` does at deploy time) and served read-only.
 * It must hold a streamed, cited chat, `/api/ready`, `/v1/chat/completions` and the page
 * with its island — and never ask for a permission it was denied.
 */
import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { indexDocuments, readSourceTree } from "../../lib/ingest/mod.ts";
import { createVectorStore } from "../../lib/vectorstore/mod.ts";
import { createEmbedder } from "../../lib/embeddings/mod.ts";
import { startFakeUpstash } from "../fakes/upstash_server.ts";
import { startFakeOpenAi } from "../fakes/openai_server.ts";
import { readSse } from "../support/sse.ts";
import { prepareStatic } from "../support/server.ts";
import { type EdgeApp, startEdgeApp } from "./edge_app.ts";

const TOKEN = "upstash-edge-token";
/** A few pages of the sample lore: enough for the fake's toy embeddings to rank well. */
const PAGES = ["maelis-quorn.html", "glass-wyrm.html", "harrok-stonevoice.html"];
const QUESTION = "Where was Maelis Quorn born?";

async function withEdgeApp(fn: (app: EdgeApp) => Promise<void>) {
  const upstash = startFakeUpstash({ token: TOKEN, dimension: 256 });
  const model = await startFakeOpenAi({
    tokens: ["Maelis", " was born", " in Skarrow", " [1]", "."],
    models: ["gpt-edge"],
  });
  const env = {
    ENV: "production",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    VECTOR_STORE: "upstash",
    UPSTASH_VECTOR_REST_URL: upstash.url,
    UPSTASH_VECTOR_REST_TOKEN: TOKEN,
    UPSTASH_VECTOR_MODE: "hybrid",
    EMBEDDINGS_PROVIDER: "openai",
    EMBEDDINGS_DIMENSIONS: "256",
    LLM_PROVIDER: "openai",
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "sk-edge-test",
    OPENAI_MODEL: "gpt-edge",
    RATE_LIMIT_PER_MINUTE: "1000",
  };
  let app: EdgeApp | null = null;
  const corpus = await Deno.makeTempDir({ prefix: "lorechat-edge-corpus-" });
  try {
    // The deployment's data lands in Upstash before the app starts, through the real
    // ingestion code (as `deno task ingest` would run it from a laptop or CI).
    const config = parseConfig(env);
    const store = createVectorStore(config);
    for (const page of PAGES) await Deno.copyFile(`sample/lore/${page}`, `${corpus}/${page}`);
    await indexDocuments(readSourceTree(corpus), {
      store,
      embedder: createEmbedder(config),
      chunkOptions: {
        size: config.CHUNK_SIZE,
        overlap: config.CHUNK_OVERLAP,
        unit: config.CHUNK_UNIT,
      },
    });
    await store.close();
    const { staticDir } = await prepareStatic();
    app = await startEdgeApp({ ...env, STATIC_DIR: staticDir });
    await fn(app);
  } finally {
    const logs = await app?.stop();
    await model.close();
    await upstash.close();
    await Deno.remove(corpus, { recursive: true });
    if (logs) {
      assert.doesNotMatch(logs, /PermissionDenied|NotCapable|Requires (write|run|ffi)/i, logs);
      assert.ok(!logs.includes(TOKEN) && !logs.includes("sk-edge-test"), "no secret logged");
    }
  }
}

Deno.test("the Deno Deploy profile serves a cited chat, readiness, the OpenAI face and the page", async (t) => {
  await withEdgeApp(async (app) => {
    await t.step("POST /api/chat streams sources, tokens and a cited done", async () => {
      const res = await fetch(new URL("/api/chat", app.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ role: "user", content: QUESTION }] }),
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
      const events = await readSse(res);
      const kinds = events.map((e) => e.event);
      assert.equal(kinds[0], "sources");
      assert.ok(kinds.includes("token"));
      assert.equal(kinds.at(-1), "done", JSON.stringify(events.at(-1)));
      const sources = events[0].data as { title: string }[];
      assert.ok(sources.length > 0, "sources came from Upstash");
      const done = events.at(-1)!.data as { citations: number[]; provider: string };
      assert.deepEqual(done.citations, [1]);
      assert.equal(done.provider, "openai");
    });
    await t.step("GET /api/ready reports Upstash and the model ready", async () => {
      const res = await fetch(new URL("/api/ready", app.url));
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.ok(JSON.stringify(body).includes("vectorstore:upstash"));
    });
    await t.step("POST /v1/chat/completions answers in OpenAI's shape", async () => {
      const res = await fetch(new URL("/v1/chat/completions", app.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "lorechat",
          messages: [{ role: "user", content: QUESTION }],
        }),
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.object, "chat.completion");
      assert.match(body.choices[0].message.content, /Skarrow/);
    });
    await t.step("GET / renders the chat with its island and serves its bundles", async () => {
      const res = await fetch(app.url);
      assert.equal(res.status, 200);
      const html = await res.text();
      const scripts = [...html.matchAll(/\/_islands\/[\w-]+\.js/g)].map((m) => m[0]);
      assert.ok(scripts.length >= 2, "boot and the Chat island are referenced");
      assert.match(html, /<lorechat-island data-island="Chat"/);
      for (const src of new Set(scripts)) {
        const js = await fetch(new URL(src, app.url));
        assert.equal(js.status, 200, src);
        assert.match(js.headers.get("content-type") ?? "", /javascript/);
        await js.body?.cancel();
      }
    });
  });
});
