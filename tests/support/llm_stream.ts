/**
 * Drains a provider's stream for provider tests: the parts, the text, and the
 * `ProviderError` it ended with (any other error fails the test).
 */
import assert from "node:assert/strict";
import { type LlmProvider, ProviderError, type StreamPart } from "../../lib/llm/provider.ts";

/** The question every provider test asks. */
export const ASK = [{ role: "user" as const, content: "Who rules Varrow?" }];

/** The text parts of a stream, joined. */
export function textOf(parts: StreamPart[]): string {
  return parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** Streams `ASK` through `llm` to its end or its error. */
export async function collectStream(
  llm: LlmProvider,
  signal = new AbortController().signal,
  system = "Answer from the lore.",
): Promise<{ text: string; parts: StreamPart[]; error?: ProviderError }> {
  const parts: StreamPart[] = [];
  try {
    for await (const part of llm.stream(system, ASK, {}, signal)) {
      parts.push(part);
    }
  } catch (error) {
    assert.ok(error instanceof ProviderError, `not a ProviderError: ${error}`);
    return { text: textOf(parts), parts, error };
  }
  return { text: textOf(parts), parts };
}

/**
 * Tokens enough (with a 40–50 ms delay, 8–10 s of them) that a fake is still writing when
 * the client leaves, even on a loaded machine where the client reads late: a fake sees a
 * disconnect only as a cancelled body, and a body it has finished cannot be cancelled.
 */
export const LONG_TOKENS = ["a", "b", ...Array.from({ length: 200 }, (_, i) => `t${i}`)];

/** Waits up to 5 s for a fake to count one aborted request, then asserts it did. */
export async function assertServerSawAbort(fake: { abortedRequests: number }): Promise<void> {
  for (let i = 0; i < 500 && fake.abortedRequests === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(fake.abortedRequests, 1);
}

/**
 * Streams `ASK` through `llm`, aborting once two text parts have arrived; asserts the
 * stream ended with an `aborted` error having yielded exactly those two.
 */
export async function abortAfterTwoTokens(llm: LlmProvider): Promise<void> {
  const controller = new AbortController();
  const seen: string[] = [];
  await assert.rejects(
    async () => {
      for await (const part of llm.stream("s", ASK, {}, controller.signal)) {
        if (part.type === "text") seen.push(part.text);
        if (seen.length === 2) controller.abort();
      }
    },
    (e: ProviderError) => e.kind === "aborted",
  );
  assert.deepEqual(seen, LONG_TOKENS.slice(0, 2));
}
