/**
 * The fake model the server benchmarks answer with: streams a fixed answer of `tokens`
 * words at once, with no delay and no per-call bookkeeping (a recording double would
 * grow with every request and read as a leak in the soak run).
 *
 * @module
 */
import type { LlmProvider, StreamPart } from "../../lib/llm/provider.ts";
import { ProviderError } from "../../lib/llm/provider.ts";

const WORDS = ("the ember crown was carried across the pale sea by the heirs of the old " +
  "houses and kept in the tower until the council of lanterns").split(" ");

/** The answer's tokens: `count` words, each with its leading space. */
export function answerTokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${i === 0 ? "" : " "}${WORDS[i % WORDS.length]}`);
}

/**
 * A provider that streams `count` tokens instantly. Asked to condense a follow-up (a call
 * without sources), it answers like a model would: with a standalone question — here
 * the conversation's first question, which names the subject.
 */
export function instantProvider(count = 50): LlmProvider {
  const tokens = answerTokens(count);
  return {
    name: "fake",
    model: "fake-instant",
    supportsSampling: true,
    async *stream(_system, messages, options, signal): AsyncGenerator<StreamPart> {
      if (!options.sources) {
        const transcript = messages.at(-1)?.content ?? "";
        yield { type: "text", text: /^user: (.*)$/m.exec(transcript)?.[1] ?? transcript };
        return;
      }
      for (const text of tokens) {
        if (signal.aborted) throw new ProviderError("aborted", "aborted", "fake");
        yield { type: "text", text };
      }
      yield { type: "usage", inputTokens: 600, outputTokens: tokens.length };
    },
  };
}
