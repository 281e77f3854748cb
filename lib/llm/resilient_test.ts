import assert from "node:assert/strict";
import {
  type LlmProvider,
  ProviderError,
  type ProviderErrorKind,
  type StreamPart,
} from "./provider.ts";
import { type AttemptReport, createResilientProvider } from "./resilient.ts";

/** One scripted call: fail before any token, or stream tokens and maybe fail after `failAfter`. */
type Step =
  | { fail: ProviderErrorKind }
  | { tokens: string[]; failAfter?: number; failWith?: ProviderErrorKind }
  | { hang: "before" | "after"; tokens?: string[]; ignoreSignal?: boolean };

/** A provider that plays its steps in order, one per `stream` call, and counts calls. */
function scripted(name: string, steps: Step[]): LlmProvider & { calls: number } {
  const provider = {
    name,
    model: `${name}-model`,
    supportsSampling: true,
    calls: 0,
    async *stream(
      _s: string,
      _m: unknown,
      _o: unknown,
      signal: AbortSignal,
    ): AsyncGenerator<StreamPart> {
      const step = steps[provider.calls++] ?? { tokens: ["ok"] };
      if ("fail" in step) throw new ProviderError(`${name} ${step.fail}`, step.fail, name);
      if ("hang" in step) {
        if (step.hang === "after") {
          for (const text of step.tokens ?? []) yield { type: "text", text };
        }
        await new Promise<void>((resolve) => {
          if (!step.ignoreSignal) signal.addEventListener("abort", () => resolve());
          // Without a signal, only a long timer would end it; the wrapper must not wait.
        });
        throw new ProviderError(`${name} aborted`, "aborted", name);
      }
      for (const [i, text] of step.tokens.entries()) {
        if (i === step.failAfter) {
          throw new ProviderError(`${name} broke`, step.failWith ?? "server", name);
        }
        yield { type: "text", text };
      }
      yield { type: "usage", inputTokens: 1, outputTokens: step.tokens.length };
    },
  };
  return provider;
}

function options(extra: Partial<Parameters<typeof createResilientProvider>[0]> = {}) {
  const sleeps: number[] = [];
  const reports: AttemptReport[] = [];
  return {
    sleeps,
    reports,
    settings: {
      sleep: (ms: number) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
      onAttempt: (r: AttemptReport) => reports.push(r),
      firstTokenTimeoutMs: 1_000,
      totalTimeoutMs: 5_000,
      ...extra,
    },
  };
}

async function run(llm: LlmProvider, signal = new AbortController().signal) {
  let text = "";
  const answering: string[] = [];
  try {
    for await (
      const part of llm.stream("s", [{ role: "user", content: "q" }], {
        onProvider: ({ provider }) => answering.push(provider),
      }, signal)
    ) {
      if (part.type === "text") text += part.text;
    }
    return { text, answering };
  } catch (error) {
    assert.ok(error instanceof ProviderError, String(error));
    return { text, answering, error };
  }
}

Deno.test("a rate-limited attempt is retried with jittered exponential backoff", async () => {
  const primary = scripted("a", [{ fail: "rate_limit" }, { fail: "server" }, { tokens: ["hi"] }]);
  const { sleeps, reports, settings } = options({ backoffBaseMs: 100, maxRetries: 2 });
  const { text, answering, error } = await run(
    createResilientProvider({ providers: [primary], ...settings }),
  );
  assert.equal(error, undefined);
  assert.equal(text, "hi");
  assert.equal(primary.calls, 3);
  // Equal jitter with random() = 0.5: three quarters of 100, then of 200.
  assert.deepEqual(sleeps, [75, 150]);
  assert.deepEqual(reports.map((r) => [r.attempt, r.outcome, r.next ?? null]), [
    [1, "failed", "retry"],
    [2, "failed", "retry"],
    [3, "answering", null],
  ]);
  assert.deepEqual(answering, ["a"]);
});

Deno.test("after its retries a provider hands over to the next in the chain", async () => {
  const a = scripted("a", [{ fail: "server" }, { fail: "server" }]);
  const b = scripted("b", [{ tokens: ["from", " b"] }]);
  const { reports, settings } = options({ maxRetries: 1 });
  const { text, answering } = await run(
    createResilientProvider({ providers: [a, b], ...settings }),
  );
  assert.equal(text, "from b");
  assert.equal(a.calls, 2);
  assert.deepEqual(answering, ["b"]);
  assert.deepEqual(reports.map((r) => `${r.provider}:${r.next ?? r.outcome}`), [
    "a:retry",
    "a:fallback",
    "b:answering",
  ]);
});

Deno.test("a non-retryable failure is thrown at once, without fallback", async () => {
  const a = scripted("a", [{ fail: "auth" }]);
  const b = scripted("b", []);
  const { settings } = options();
  const { error } = await run(createResilientProvider({ providers: [a, b], ...settings }));
  assert.equal(error?.kind, "auth");
  assert.equal(b.calls, 0);
});

Deno.test("a failure after the first token is re-thrown: no retry, no repeated text", async () => {
  const a = scripted("a", [{ tokens: ["one", " two", " three"], failAfter: 2 }]);
  const b = scripted("b", []);
  const { settings } = options();
  const { text, error } = await run(createResilientProvider({ providers: [a, b], ...settings }));
  assert.equal(text, "one two");
  assert.equal(error?.kind, "server");
  assert.equal(a.calls, 1);
  assert.equal(b.calls, 0);
});

Deno.test("no first token in time abandons the attempt and falls back at once", async (t) => {
  for (const ignoreSignal of [false, true]) {
    await t.step(
      ignoreSignal ? "when the provider ignores its signal" : "when it honours it",
      async () => {
        const a = scripted("a", [{ hang: "before", ignoreSignal }]);
        const b = scripted("b", [{ tokens: ["b"] }]);
        const { reports, settings } = options({ firstTokenTimeoutMs: 50 });
        const started = performance.now();
        const { text } = await run(createResilientProvider({ providers: [a, b], ...settings }));
        assert.equal(text, "b");
        assert.equal(a.calls, 1, "a timeout is not retried on the same provider");
        assert.equal(reports[0].error?.kind, "timeout");
        assert.ok(
          performance.now() - started < 5_000,
          "well before the 10 s backoff or an endless hang",
        );
      },
    );
  }
});

Deno.test("a stream that stalls after its first token fails at the total deadline", async () => {
  const a = scripted("a", [{ hang: "after", tokens: ["partial"] }]);
  const b = scripted("b", []);
  const { settings } = options({ firstTokenTimeoutMs: 30, totalTimeoutMs: 120 });
  const { text, error } = await run(createResilientProvider({ providers: [a, b], ...settings }));
  assert.equal(text, "partial");
  assert.equal(error?.kind, "timeout");
  assert.equal(b.calls, 0);
});

Deno.test("when every provider fails, the last error is thrown", async () => {
  const a = scripted("a", [{ fail: "server" }]);
  const b = scripted("b", [{ fail: "rate_limit" }]);
  const { reports, settings } = options({ maxRetries: 0 });
  const { error } = await run(createResilientProvider({ providers: [a, b], ...settings }));
  assert.equal(error?.kind, "rate_limit");
  assert.equal(error?.provider, "b");
  assert.equal(reports.at(-1)?.next, "give_up");
});

Deno.test("aborting during backoff stops at once with aborted", async () => {
  const a = scripted("a", [{ fail: "server" }, { tokens: ["late"] }]);
  const controller = new AbortController();
  const llm = createResilientProvider({
    providers: [a],
    backoffBaseMs: 10_000,
    random: () => 0,
  });
  setTimeout(() => controller.abort(), 20);
  const started = performance.now();
  const { error, text } = await run(llm, controller.signal);
  assert.equal(error?.kind, "aborted");
  assert.equal(text, "");
  assert.equal(a.calls, 1);
  assert.ok(performance.now() - started < 5_000, "well before the 10 s backoff or an endless hang");
});

Deno.test("aborting mid-stream reaches the provider and ends with aborted", async () => {
  const a = scripted("a", [{ hang: "after", tokens: ["x"] }]);
  const controller = new AbortController();
  const llm = createResilientProvider({ providers: [a] });
  setTimeout(() => controller.abort(), 20);
  const { error, text } = await run(llm, controller.signal);
  assert.equal(text, "x");
  assert.equal(error?.kind, "aborted");
});

Deno.test("the wrapper takes its name and model from the first provider", () => {
  const llm = createResilientProvider({ providers: [scripted("a", []), scripted("b", [])] });
  assert.equal(llm.name, "a");
  assert.equal(llm.model, "a-model");
  assert.throws(() => createResilientProvider({ providers: [] }));
});
