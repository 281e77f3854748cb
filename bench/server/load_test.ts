/**
 * The server bench's moving parts on a small scale: the app and the echo server start
 * in their own processes, the load generator reads their SSE streams to the end, and
 * both answer with the same number of tokens.
 */
import assert from "node:assert/strict";
import { buildLoadStore } from "./load_store.ts";
import { runLoad } from "./load.ts";
import { spawnServer } from "./process.ts";

const here = new URL(".", import.meta.url).pathname;

Deno.test("the app and the echo server stream 50 tokens per question under load", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-bench-test-" });
  try {
    const store = await buildLoadStore(`${dir}/load.sqlite`, 2_000);
    for (
      const [script, args] of [
        ["app_server.ts", ["--store", store.path]],
        ["echo_server.ts", []],
      ] as const
    ) {
      const server = await spawnServer(`${here}${script}`, [...args]);
      try {
        const load = await runLoad({
          base: server.url,
          concurrency: 4,
          durationMs: 400,
          request: (n) => ({
            path: "/api/chat",
            body: { messages: [{ role: "user", content: store.question(n) }] },
          }),
        });
        assert.equal(load.errors, 0, `${script}: ${JSON.stringify(load.errorKinds)}`);
        assert.ok(load.completed >= 4, `${script} completed ${load.completed}`);
        assert.equal(load.tokens, load.completed * 50, `${script} sends 50 tokens per stream`);
        assert.equal(load.sourcesMs.length, load.completed);
        const memory = server.memory();
        assert.ok(memory === null || memory.peakMb >= memory.rssMb);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an abandoned stream counts as aborted, not as an error", async () => {
  const server = await spawnServer(`${here}echo_server.ts`);
  try {
    const load = await runLoad({
      base: server.url,
      concurrency: 2,
      durationMs: 200,
      request: () => ({
        path: "/api/chat",
        body: { messages: [{ role: "user", content: "q" }] },
        abortAfterFirstToken: true,
      }),
    });
    assert.equal(load.errors, 0);
    assert.equal(load.completed, 0);
    assert.ok(load.aborted >= 2);
  } finally {
    await server.stop();
  }
});
