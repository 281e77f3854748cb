/**
 * The non-streaming face of a turn: the same events, collected into one answer.
 *
 * @module
 */
import type { ChatEvent, DoneData, SourceCard } from "./turn.ts";

/** A whole answer, as `/api/chat` returns for `Accept: application/json`. */
export interface ChatAnswer {
  answer: string;
  sources: SourceCard[];
  citations: number[];
  usage: DoneData["usage"] | null;
  timings: DoneData["timings"] | null;
  provider: string | null;
  model: string | null;
  error: { code: string; message: string } | null;
}

/** Drains a turn's events into a {@linkcode ChatAnswer}. */
export async function collectAnswer(events: AsyncIterable<ChatEvent>): Promise<ChatAnswer> {
  const answer: ChatAnswer = {
    answer: "",
    sources: [],
    citations: [],
    usage: null,
    timings: null,
    provider: null,
    model: null,
    error: null,
  };
  for await (const e of events) {
    if (e.event === "sources") answer.sources = e.data;
    else if (e.event === "token") answer.answer += e.data.text;
    else if (e.event === "error") answer.error = e.data;
    else {
      answer.citations = e.data.citations;
      answer.usage = e.data.usage;
      answer.timings = e.data.timings;
      answer.provider = e.data.provider;
      answer.model = e.data.model;
    }
  }
  return answer;
}
