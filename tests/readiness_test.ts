import assert from "node:assert/strict";
import { startTestServer } from "./support/server.ts";

Deno.test("/api/ready reports each dependency and 503s within the timeout when one hangs", async () => {
  const server = await startTestServer({
    env: { READY_TIMEOUT_MS: "300", OPENAI_API_KEY: "sk-canary-ready-secret" },
    state: {
      readiness: [
        { name: "store", check: () => Promise.resolve({ chunks: 3 }) },
        { name: "model", check: () => new Promise(() => {}) },
        {
          name: "leaky",
          check: () => Promise.reject(new Error("failed with key sk-canary-ready-secret")),
        },
      ],
    },
  });
  try {
    const started = performance.now();
    const res = await fetch(new URL("/api/ready", server.url));
    const elapsed = performance.now() - started;
    const body = await res.json();
    assert.equal(res.status, 503);
    assert.ok(elapsed < 2_000, `answered in ${elapsed} ms`);
    const byName = Object.fromEntries(
      body.dependencies.map((d: { name: string }) => [d.name, d]),
    );
    assert.equal(byName.store.status, "ok");
    assert.deepEqual(byName.store.details, { chunks: 3 });
    assert.equal(byName.model.status, "down");
    assert.match(byName.model.error, /300 ms/);
    assert.ok(!JSON.stringify(body).includes("sk-canary-ready-secret"));
    assert.match(byName.leaky.error, /\[redacted\]/);
  } finally {
    await server.close();
  }
});

Deno.test("/api/ready is 200 when every dependency answers", async () => {
  const server = await startTestServer({
    state: { readiness: [{ name: "store", check: () => Promise.resolve() }] },
  });
  try {
    const res = await fetch(new URL("/api/ready", server.url));
    assert.equal(res.status, 200);
    assert.equal((await res.json()).status, "ready");
  } finally {
    await server.close();
  }
});
