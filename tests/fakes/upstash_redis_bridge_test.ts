import assert from "node:assert/strict";
import { Redis } from "@upstash/redis";
import { hasRedisServer, startRedisServer } from "../support/redis.ts";
import { startUpstashRedisBridge } from "./upstash_redis_bridge.ts";

const TOKEN = "bridge-test-token";

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test({
  name: "the bridge speaks Upstash's REST protocol to @upstash/redis over a real redis-server",
  ignore: !hasRedisServer(),
  async fn(t) {
    const redis = await startRedisServer();
    const bridge = startUpstashRedisBridge({ token: TOKEN, redisPort: redis.port });
    const client = new Redis({ url: bridge.url, token: TOKEN, retry: false });
    try {
      await t.step("single commands, strings round-trip through base64", async () => {
        assert.equal(await client.set("greeting", "Hallo, Wëlt ✓"), "OK");
        assert.equal(await client.get("greeting"), "Hallo, Wëlt ✓");
        assert.equal(await client.incr("counter"), 1);
        assert.equal(await client.get("missing"), null);
      });
      await t.step("a Redis error is a 400 the client raises", async () => {
        await assert.rejects(() => client.incr("greeting"), /not an integer/);
      });
      await t.step("pipeline and multi-exec return one entry per command", async () => {
        const p = client.pipeline();
        p.set("a", "1");
        p.incr("a");
        p.get("a");
        assert.deepEqual(await p.exec(), ["OK", 2, 2]);
        const tx = client.multi();
        tx.incr("a");
        tx.expire("a", 60);
        tx.ttl("a");
        assert.deepEqual(await tx.exec(), [3, 1, 60]);
      });
      await t.step("EVALSHA of an unknown script says NOSCRIPT; EVAL runs Lua", async () => {
        await assert.rejects(
          () => client.evalsha("0000000000000000000000000000000000000000", [], []),
          /NOSCRIPT/,
        );
        assert.deepEqual(
          await client.eval("return {KEYS[1], ARGV[1], 7}", ["k"], ["v"]),
          ["k", "v", 7],
        );
      });
      await t.step(
        "Upstash's allow-key-locking scripts run, by EVAL and then by EVALSHA",
        async () => {
          const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCR', KEYS[1])";
          const hash = await sha1(script);
          await assert.rejects(() => client.evalsha(hash, ["n"], []), /NOSCRIPT/);
          assert.equal(await client.eval(script, ["n"], []), 1);
          assert.equal(await client.evalsha(hash, ["n"], []), 2);
        },
      );
      await t.step(
        "plain (unencoded) responses when the client does not ask for base64",
        async () => {
          const plain = new Redis({
            url: bridge.url,
            token: TOKEN,
            retry: false,
            responseEncoding: false,
          });
          assert.equal(await plain.get("greeting"), "Hallo, Wëlt ✓");
        },
      );
      await t.step("a wrong token is refused with 401", async () => {
        const res = await fetch(bridge.url, {
          method: "POST",
          headers: { authorization: "Bearer nope" },
          body: '["PING"]',
        });
        assert.equal(res.status, 401);
        assert.deepEqual(await res.json(), { error: "Unauthorized" });
      });
      assert.ok(bridge.commands.some((c) => c[0].toUpperCase() === "EVALSHA"));
    } finally {
      await bridge.close();
      await redis.stop();
    }
  },
});
