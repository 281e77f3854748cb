/**
 * Serving on every core: limits shared through `DATA_DIR/limits.sqlite` hold across
 * app processes (each worker is one), and `SERVER_WORKERS=2` serves with the sample
 * corpus indexed once, by the one writer.
 */
import assert from "node:assert/strict";
import { startFakeOpenAi } from "./fakes/openai_server.ts";
import { type MainProcess, startMainProcess } from "./support/main_process.ts";

const ask = (base: URL, question = "Where was Maelis Quorn born?") =>
  fetch(new URL("/api/chat", base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: question }] }),
  });

async function withApps(
  envs: Record<string, string>[],
  fn: (apps: MainProcess[]) => Promise<void>,
  readyLog?: RegExp,
): Promise<string[]> {
  const apps: MainProcess[] = [];
  const logs: string[] = [];
  try {
    for (const env of envs) apps.push(await startMainProcess(env, { readyLog }));
    await fn(apps);
  } finally {
    for (const app of apps) logs.push(await app.stop());
  }
  return logs;
}

Deno.test("the rate limit is one bucket across two app processes on one DATA_DIR", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const env = { DATA_DIR: dir, RATE_LIMIT_PER_MINUTE: "2", RATE_LIMIT_BURST: "2" };
    await withApps([env, env], async ([a, b]) => {
      const statuses = [];
      for (const app of [a, b, a, b]) {
        const res = await ask(app.url);
        statuses.push(res.status);
        if (res.status === 429) assert.equal(res.headers.get("retry-after"), "30");
        await res.body?.cancel();
      }
      assert.deepEqual(statuses, [200, 200, 429, 429]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the stream cap holds across two app processes", async () => {
  const dir = await Deno.makeTempDir();
  const model = await startFakeOpenAi({ tokens: Array(30).fill(" born"), tokenDelayMs: 50 });
  try {
    const env = {
      DATA_DIR: dir,
      LLM_PROVIDER: "openai",
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: "sk-test",
      MAX_CONCURRENT_STREAMS: "1",
      STREAM_QUEUE_SIZE: "0",
      RATE_LIMIT_PER_MINUTE: "1000",
    };
    await withApps([{ ...env, AUTO_INGEST_SAMPLE: "true" }, env], async ([a, b]) => {
      const streaming = await ask(a.url);
      assert.equal(streaming.status, 200);
      const reader = streaming.body!.getReader();
      await reader.read(); // A holds the only slot while its answer streams
      const refused = await ask(b.url);
      assert.equal(refused.status, 503, "B sees A's stream in the shared cap");
      assert.equal((await refused.json()).error.code, "overloaded");
      assert.ok(Number(refused.headers.get("retry-after")) >= 1);
      while (!(await reader.read()).done) { /* let A finish */ }
      const after = await ask(b.url);
      assert.equal(after.status, 200, "the slot is free again once A's answer ended");
      await after.body?.cancel();
    });
  } finally {
    await model.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SERVER_WORKERS=2 serves from two workers and indexes the sample corpus once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [logs] = await withApps(
      [{ DATA_DIR: dir, SERVER_WORKERS: "2", AUTO_INGEST_SAMPLE: "true", LOG_LEVEL: "info" }],
      async ([app]) => {
        for (let i = 0; i < 4; i++) {
          const res = await ask(app.url);
          assert.equal(res.status, 200);
          assert.match(await res.text(), /Maelis Quorn/);
        }
      },
      /with 2 workers/,
    );
    assert.equal(logs.match(/indexed the sample corpus/g)?.length, 1, logs);
    assert.equal(logs.match(/listening on/g)?.length, 2, "two workers listened");
    assert.match(logs, /with 2 workers/);
    assert.doesNotMatch(logs, /"level":"ERROR"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
