import assert from "node:assert/strict";
import { clientKey, GateBusyError, memoryRateLimiter, StreamGate } from "./limits.ts";

Deno.test("the token bucket allows a burst, then refills at the per-minute rate", async () => {
  let now = 0;
  const limiter = memoryRateLimiter({ perMinute: 6, burst: 2, now: () => now });
  assert.equal((await limiter.limit("a")).ok, true);
  assert.equal((await limiter.limit("a")).ok, true);
  const refused = await limiter.limit("a");
  assert.equal(refused.ok, false);
  assert.equal(refused.retryAfterSeconds, 10, "one token per 10 s at 6/min");
  assert.equal((await limiter.limit("b")).ok, true, "clients are limited separately");
  now += 10_000;
  assert.equal((await limiter.limit("a")).ok, true);
  assert.equal((await limiter.limit("a")).ok, false);
});

Deno.test("the token bucket forgets the idlest clients beyond its bound", async () => {
  const limiter = memoryRateLimiter({ perMinute: 1, burst: 1, maxClients: 2, now: () => 0 });
  await limiter.limit("a");
  await limiter.limit("b");
  await limiter.limit("c"); // evicts a
  assert.equal((await limiter.limit("a")).ok, true, "a starts with a fresh bucket");
  assert.equal((await limiter.limit("c")).ok, false);
});

Deno.test("the stream gate queues briefly, hands slots over in order, and refuses beyond", async () => {
  const gate = new StreamGate(1, 1, 1_000);
  const release1 = await gate.acquire();
  const second = gate.acquire();
  await assert.rejects(gate.acquire(), GateBusyError, "queue of one is full");
  assert.equal(gate.waiting, 1);
  release1();
  const release2 = await second;
  assert.equal(gate.active, 1);
  release2();
  release2(); // idempotent
  assert.equal(gate.active, 0);
});

Deno.test("a queued request gives up at the deadline or when its client leaves", async () => {
  const gate = new StreamGate(1, 5, 50);
  const release = await gate.acquire();
  await assert.rejects(gate.acquire(), GateBusyError);
  const controller = new AbortController();
  const waiting = gate.acquire(controller.signal);
  controller.abort();
  await assert.rejects(waiting, /aborted/);
  assert.equal(gate.waiting, 0);
  release();
  assert.equal(gate.active, 0);
});

Deno.test("clientKey trusts X-Forwarded-For only behind a trusted proxy", () => {
  const req = new Request("http://x/", { headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1" } });
  assert.equal(clientKey(req, "10.0.0.2", false), "10.0.0.2");
  assert.equal(clientKey(req, "10.0.0.2", true), "203.0.113.9");
});
