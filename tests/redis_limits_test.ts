/**
 * The shared rate limit against real Redis: `@upstash/ratelimit` in two app processes,
 * through the Upstash REST bridge in front of a real `redis-server`.
 */
import assert from "node:assert/strict";
import { startUpstashRedisBridge } from "./fakes/upstash_redis_bridge.ts";
import { type MainProcess, startMainProcess } from "./support/main_process.ts";
import { hasRedisServer, startRedisServer } from "./support/redis.ts";

const TOKEN = "redis-limits-token";
const ignore = !hasRedisServer();

const ask = (base: URL) =>
  fetch(new URL("/api/chat", base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: "Who keeps the lanterns?" }] }),
  });

/** The sliding window turns over each minute; start well inside one so none turns mid-test. */
async function awayFromMinuteBoundary() {
  const into = Date.now() % 60_000;
  if (into > 50_000) await new Promise((r) => setTimeout(r, 60_000 - into + 200));
}

Deno.test({
  name: "two app processes share one rate limit in Redis, with a correct Retry-After",
  ignore,
  async fn() {
    const redis = await startRedisServer();
    const bridge = startUpstashRedisBridge({ token: TOKEN, redisPort: redis.port });
    const dirs = [await Deno.makeTempDir(), await Deno.makeTempDir()];
    const apps: MainProcess[] = [];
    try {
      const env = {
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
        RATE_LIMIT_PER_MINUTE: "4",
      };
      for (const dir of dirs) apps.push(await startMainProcess({ ...env, DATA_DIR: dir }));
      await awayFromMinuteBoundary();
      for (let i = 0; i < 4; i++) {
        const res = await ask(apps[i % 2].url);
        assert.equal(res.status, 200, `request ${i + 1} of 4 is allowed`);
        await res.body?.cancel();
      }
      for (const app of apps) {
        const refused = await ask(app.url);
        const now = Date.now();
        assert.equal(refused.status, 429, "the fifth request is refused by either process");
        assert.equal((await refused.json()).error.code, "rate_limited");
        // Upstash's sliding window resets at the end of the current minute window.
        const expected = Math.ceil(((Math.floor(now / 60_000) + 1) * 60_000 - now) / 1000);
        const retryAfter = Number(refused.headers.get("retry-after"));
        assert.ok(
          Math.abs(retryAfter - expected) <= 1,
          `Retry-After ${retryAfter}, expected ${expected}`,
        );
      }
      assert.ok(bridge.commands.some((c) => /^EVAL(SHA)?$/i.test(c[0])), "the limit ran in Redis");
      for (const app of apps.splice(0)) {
        assert.doesNotMatch(await app.stop(), /Redis unreachable/, "no request was judged locally");
      }
    } finally {
      for (const app of apps.splice(0)) await app.stop();
      await bridge.close();
      await redis.stop();
      for (const dir of dirs) await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "with Redis down the limit fails open to a per-process bucket, and says so in the log",
  ignore,
  async fn() {
    const redis = await startRedisServer();
    const bridge = startUpstashRedisBridge({ token: TOKEN, redisPort: redis.port });
    const dir = await Deno.makeTempDir();
    let app: MainProcess | null = null;
    try {
      app = await startMainProcess({
        DATA_DIR: dir,
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
        RATE_LIMIT_PER_MINUTE: "3",
        RATE_LIMIT_BURST: "2",
      });
      await redis.stop();
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await ask(app.url);
        statuses.push(res.status);
        await res.body?.cancel();
      }
      assert.deepEqual(statuses, [200, 200, 429], "chats go on; the local bucket still limits");
      const logs = await app.stop();
      app = null;
      assert.match(logs, /Redis unreachable/);
      assert.ok(!logs.includes(TOKEN), "the token is never logged");
    } finally {
      await app?.stop();
      await bridge.close();
      await redis.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
