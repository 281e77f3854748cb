/**
 * Chat metrics: wraps a `ChatService` so every turn, whichever route started it,
 * counts as an open stream and records retrieval time, first-token time, tokens and
 * error codes.
 *
 * @module
 */
import type { AppMetrics } from "../metrics/mod.ts";
import type { ChatEvent, ChatService } from "../rag/mod.ts";
import { collectAnswer } from "../rag/mod.ts";

/** A `ChatService` that records its turns into `metrics`. */
export function instrumentChat(service: ChatService, metrics: AppMetrics): ChatService {
  async function* observed(events: AsyncGenerator<ChatEvent>): AsyncGenerator<ChatEvent> {
    metrics.openStreams.inc();
    try {
      for await (const e of events) {
        if (e.event === "done") {
          const { timings, provider, usage } = e.data;
          metrics.retrieval.observe(timings.retrievalMs / 1000);
          if (timings.firstTokenMs !== null) {
            metrics.firstToken.observe(timings.firstTokenMs / 1000, { provider });
          }
          metrics.tokens.inc({ provider, direction: "in" }, usage.inputTokens);
          metrics.tokens.inc({ provider, direction: "out" }, usage.outputTokens);
        } else if (e.event === "error") {
          metrics.providerErrors.inc({ code: e.data.code });
        }
        yield e;
      }
    } finally {
      metrics.openStreams.dec();
    }
  }
  return {
    ...service,
    stream: (messages, options, signal) => observed(service.stream(messages, options, signal)),
    answer: (messages, options, signal) =>
      collectAnswer(observed(service.stream(messages, options, signal))),
  };
}
