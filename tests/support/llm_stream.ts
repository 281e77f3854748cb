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
