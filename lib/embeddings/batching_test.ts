import assert from "node:assert/strict";
import { l2Normalize, mapBounded, retryTransient, toBatches } from "./batching.ts";
import { EmbeddingError } from "./embedder.ts";

Deno.test("toBatches cuts inputs into consecutive batches", () => {
  assert.deepEqual(toBatches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(toBatches([], 3), []);
});

Deno.test("mapBounded keeps input order and never exceeds its concurrency", async () => {
  let inFlight = 0;
  let peak = 0;
  const delays = [30, 5, 20, 1, 15, 2, 8, 3];
  const results = await mapBounded(delays, 3, async (ms, i) => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    return i * 10;
  });
  assert.deepEqual(results, [0, 10, 20, 30, 40, 50, 60, 70]);
  assert.equal(peak, 3);
});

Deno.test("mapBounded stops starting calls after a failure", async () => {
  const started: number[] = [];
  await assert.rejects(
    mapBounded([0, 1, 2, 3, 4, 5], 1, (n) => {
      started.push(n);
      return n === 1 ? Promise.reject(new Error("boom")) : Promise.resolve(n);
    }),
    /boom/,
  );
  assert.deepEqual(started, [0, 1]);
});

Deno.test("retryTransient retries throttling with growing jittered delays", async () => {
  const sleeps: number[] = [];
  let calls = 0;
  const value = await retryTransient(() => {
    calls++;
    if (calls < 3) return Promise.reject(new EmbeddingError("slow down", "rate_limit"));
    return Promise.resolve("ok");
  }, { baseDelayMs: 100, random: () => 1, sleep: (ms) => (sleeps.push(ms), Promise.resolve()) });
  assert.equal(value, "ok");
  assert.deepEqual(sleeps, [100, 200]);
});

Deno.test("retryTransient gives up on lasting or permanent failures", async (t) => {
  await t.step("after maxRetries", async () => {
    let calls = 0;
    await assert.rejects(
      retryTransient(() => {
        calls++;
        return Promise.reject(new EmbeddingError("down", "unavailable"));
      }, { maxRetries: 2, sleep: () => Promise.resolve() }),
      (e: EmbeddingError) => e.kind === "unavailable",
    );
    assert.equal(calls, 3);
  });
  await t.step("at once for auth", async () => {
    let calls = 0;
    await assert.rejects(
      retryTransient(() => {
        calls++;
        return Promise.reject(new EmbeddingError("no", "auth"));
      }, { sleep: () => Promise.resolve() }),
    );
    assert.equal(calls, 1);
  });
});

Deno.test("l2Normalize scales to unit length and leaves zero vectors alone", () => {
  assert.deepEqual(l2Normalize([3, 4]), [0.6, 0.8]);
  assert.deepEqual(l2Normalize([0, 0]), [0, 0]);
});
