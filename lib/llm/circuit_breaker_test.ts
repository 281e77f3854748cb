import assert from "node:assert/strict";
import { CircuitBreaker, withCircuitBreaker } from "./circuit_breaker.ts";
import {
  type LlmProvider,
  ProviderError,
  type ProviderErrorKind,
  type StreamPart,
} from "./provider.ts";
import { createResilientProvider } from "./resilient.ts";

/** A backend that fails with `kind` while `failing` is set, else streams "ok". */
function backend(name = "flaky") {
  const state = {
    calls: 0,
    failing: null as ProviderErrorKind | null,
    hang: false,
  };
  const provider: LlmProvider = {
    name,
    model: `${name}-model`,
    supportsSampling: true,
    async *stream(_s, _m, _o, signal): AsyncGenerator<StreamPart> {
      state.calls++;
      if (state.hang) {
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        throw new ProviderError(`${name} aborted`, "aborted", name);
      }
      if (state.failing) throw new ProviderError(`${name} ${state.failing}`, state.failing, name);
      yield { type: "text", text: "ok" };
      yield { type: "usage", inputTokens: 1, outputTokens: 1 };
    },
  };
  return { provider, state };
}

function clock(start = 1_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

async function drain(provider: LlmProvider, signal = new AbortController().signal) {
  let text = "";
  for await (const part of provider.stream("", [], {}, signal)) {
    if (part.type === "text") text += part.text;
  }
  return text;
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as ProviderError);

Deno.test("the circuit opens after N consecutive retryable failures and then fails fast", async () => {
  const { provider, state } = backend();
  const time = clock();
  const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, now: time.now });
  const guarded = withCircuitBreaker(provider, breaker);
  state.failing = "server";
  for (let i = 1; i <= 3; i++) {
    assert.equal(breaker.state, "closed", `closed before failure ${i}`);
    assert.equal((await failure(drain(guarded)))?.kind, "server");
  }
  assert.equal(breaker.state, "open");
  const fast = await failure(drain(guarded));
  assert.equal(fast?.kind, "unavailable");
  assert.equal(fast?.retryable, true, "the chain moves on to its next provider");
  assert.match(fast!.message, /circuit open.*10 s/);
  assert.equal(state.calls, 3, "an open circuit does not call the backend");
});

Deno.test("a success resets the count of consecutive failures", async () => {
  const { provider, state } = backend();
  const breaker = new CircuitBreaker({ failureThreshold: 2, now: clock().now });
  const guarded = withCircuitBreaker(provider, breaker);
  for (const kind of ["connect", null, "timeout", null, "rate_limit"] as const) {
    state.failing = kind;
    await failure(drain(guarded));
  }
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.failures, 1);
});

Deno.test("non-retryable errors and caller aborts do not count", async () => {
  const { provider, state } = backend();
  const breaker = new CircuitBreaker({ failureThreshold: 1, now: clock().now });
  const guarded = withCircuitBreaker(provider, breaker);
  for (const kind of ["auth", "invalid_request"] as const) {
    state.failing = kind;
    assert.equal((await failure(drain(guarded)))?.kind, kind);
  }
  state.failing = null;
  state.hang = true;
  const controller = new AbortController();
  const pending = failure(drain(guarded, controller.signal));
  await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  assert.equal((await pending)?.kind, "aborted");
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.failures, 0);
});

Deno.test("after the cooldown one probe goes through; its success closes the circuit", async () => {
  const { provider, state } = backend();
  const time = clock();
  const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5_000, now: time.now });
  const guarded = withCircuitBreaker(provider, breaker);
  state.failing = "server";
  await failure(drain(guarded));
  assert.equal(breaker.state, "open");
  time.t += 4_999;
  assert.equal((await failure(drain(guarded)))?.kind, "unavailable");
  time.t += 1;
  assert.equal(breaker.state, "half_open");

  state.failing = null;
  state.hang = true;
  const controller = new AbortController();
  const probe = guarded.stream("", [], {}, controller.signal)[Symbol.asyncIterator]();
  const probeStep = probe.next();
  await new Promise((r) => setTimeout(r, 5));
  const second = await failure(drain(guarded));
  assert.equal(second?.kind, "unavailable", "only one probe at a time");
  assert.match(second!.message, /probe is in flight/);
  assert.equal(state.calls, 2, "the backend saw the failure and the probe only");
  controller.abort();
  await probeStep.catch(() => {});
  assert.equal(breaker.state, "half_open", "an aborted probe frees the slot, learns nothing");

  state.hang = false;
  assert.equal(await drain(guarded), "ok");
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.failures, 0);
});

Deno.test("a failed probe opens the circuit for another cooldown", async () => {
  const { provider, state } = backend();
  const time = clock();
  const changes: string[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: 2,
    cooldownMs: 1_000,
    now: time.now,
    onStateChange: (c) => changes.push(`${c.from}->${c.to}`),
  });
  const guarded = withCircuitBreaker(provider, breaker);
  state.failing = "server";
  await failure(drain(guarded));
  await failure(drain(guarded));
  time.t += 1_000;
  assert.equal((await failure(drain(guarded)))?.kind, "server", "the probe reached the backend");
  assert.equal(breaker.state, "open");
  assert.equal(breaker.retryInMs, 1_000);
  time.t += 1_000;
  state.failing = null;
  assert.equal(await drain(guarded), "ok");
  assert.deepEqual(changes, ["closed->open", "half_open->open", "half_open->closed"]);
});

Deno.test("the first token counts as a success even if the stream breaks later", async () => {
  const breaker = new CircuitBreaker({ failureThreshold: 1, now: clock().now });
  const provider: LlmProvider = {
    name: "cut",
    model: "m",
    supportsSampling: true,
    async *stream() {
      yield { type: "text", text: "partial" };
      throw new ProviderError("cut", "server", "cut");
    },
  };
  await failure(drain(withCircuitBreaker(provider, breaker)));
  assert.equal(breaker.state, "closed");
});

Deno.test("in a resilient chain an open circuit falls back at once, and first-token deadlines count", async (t) => {
  const primary = backend("primary");
  const fallback = backend("fallback");
  const time = clock();
  const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 60_000, now: time.now });
  const sleeps: number[] = [];
  const chain = createResilientProvider({
    providers: [withCircuitBreaker(primary.provider, breaker), fallback.provider],
    maxRetries: 3,
    firstTokenTimeoutMs: 30,
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    random: () => 0,
  });

  await t.step("two stalls past the first-token deadline open the circuit", async () => {
    primary.state.hang = true;
    assert.equal(await drain(chain), "ok", "the fallback answered");
    assert.equal(primary.state.calls, 1, "timeouts fall back without retrying");
    assert.equal(breaker.state, "closed");
    assert.equal(await drain(chain), "ok");
    assert.equal(breaker.state, "open");
  });

  await t.step("then requests skip the primary without retries or backoff", async () => {
    const before = sleeps.length;
    for (let i = 0; i < 3; i++) assert.equal(await drain(chain), "ok");
    assert.equal(primary.state.calls, 2);
    assert.equal(fallback.state.calls, 5);
    assert.equal(sleeps.length, before, "no backoff for an open circuit");
  });
});
