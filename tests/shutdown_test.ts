import assert from "node:assert/strict";
import { parseConfig } from "../lib/config/mod.ts";
import { startServer } from "../lib/app/server.ts";
import { type Manifest, sseResponse } from "../lib/web/mod.ts";

async function* ticks(count: number, everyMs: number) {
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    yield { event: "tick", data: { i } };
  }
}

function manifestWith(count: number, everyMs: number): Manifest {
  return {
    routes: { "routes/stream.ts": { handler: () => sseResponse(ticks(count, everyMs)) } },
    islands: {},
    baseUrl: import.meta.url,
  };
}

async function open(count: number, everyMs: number) {
  const config = parseConfig({ ENV: "test", LOG_LEVEL: "error" });
  const server = await startServer({
    config,
    manifest: manifestWith(count, everyMs),
    assets: null,
    staticDir: "/nonexistent",
    hostname: "127.0.0.1",
    port: 0,
  });
  const res = await fetch(new URL("/stream", server.url));
  return { server, res };
}

Deno.test("graceful shutdown lets an open stream finish", async () => {
  const { server, res } = await open(5, 60);
  const body = res.text();
  const { drained } = await server.shutdown(5_000);
  const text = await body;
  assert.equal(drained, true);
  assert.equal(text.match(/event: tick/g)?.length, 5, "every event arrived");
  await server.finished;
});

Deno.test("graceful shutdown gives up on a stream at the deadline", async () => {
  const { server, res } = await open(1_000, 50);
  const reader = res.body!.getReader();
  await reader.read();
  const started = performance.now();
  const { drained } = await server.shutdown(300);
  const elapsed = performance.now() - started;
  assert.equal(drained, false);
  assert.ok(elapsed < 1_500, `returned after ${elapsed} ms`);
  await reader.cancel().catch(() => {});
  await server.finished;
});

Deno.test("main.ts exits 0 on SIGTERM", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const dataDir = await Deno.makeTempDir({ prefix: "lorechat-shutdown-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      ENV: "test",
      LOG_LEVEL: "error",
      AUTO_INGEST_SAMPLE: "false",
      DATA_DIR: dataDir,
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).arrayBuffer();
  let exited = false;
  try {
    let healthy = false;
    for (let i = 0; i < 100 && !healthy; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        healthy = res.ok;
        await res.body?.cancel();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.ok(healthy, "server came up");
    child.kill("SIGTERM");
    const status = await child.status;
    exited = true;
    assert.equal(status.code, 0, new TextDecoder().decode(await stderr));
  } finally {
    if (!exited) {
      child.kill("SIGKILL");
      await child.status;
    }
    await stderr.catch(() => {});
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("main.ts exits non-zero listing every bad variable", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    env: { PORT: "nope", LLM_PROVIDER: "clippy", OPENAI_API_KEY: "sk-canary-main" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 1);
  assert.match(stderr, /PORT:/);
  assert.match(stderr, /LLM_PROVIDER:/);
  assert.ok(!stderr.includes("sk-canary-main"));
});
