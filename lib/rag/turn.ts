/**
 * One chat turn as a stream of events: condense the question, retrieve, emit
 * `sources`, stream `token`s from the model (citations checked on the way), then `done`
 * with usage and timings — or `error` with a sentence for the reader and a code, the
 * details going only to the log.
 *
 * @module
 */
import type { Embedder } from "../embeddings/embedder.ts";
import { getLogger } from "../log/mod.ts";
import {
  type ChatMessage,
  type LlmProvider,
  ProviderError,
  type SourcePassage,
} from "../llm/provider.ts";
import { type VectorStore, VectorStoreError } from "../vectorstore/store.ts";
import { CitationFilter } from "./citations.ts";
import { condenseQuestion } from "./condense.ts";
import { notFoundAnswer } from "./not_found.ts";
import { buildSystemPrompt } from "./prompt.ts";
import { type RetrieveOptions, retrievePassages } from "./retrieve.ts";

const log = getLogger(["lorechat", "rag"]);

/** A source card as sent to the client. */
export interface SourceCard {
  n: number;
  id: string;
  title: string;
  url: string;
  heading: string;
  snippet: string;
  score: number;
  /** The reader page of the passage (`/c/<name>/sources/<id>#chunk-<n>`), when known. */
  reader?: string;
}

/** What `done` carries. */
export interface DoneData {
  usage: { inputTokens: number; outputTokens: number };
  timings: { retrievalMs: number; firstTokenMs: number | null; totalMs: number };
  provider: string;
  model: string;
  citations: number[];
  /** The standalone question retrieval used. */
  question: string;
}

/** The events of a turn, in the order they are sent. */
export type ChatEvent =
  | { event: "sources"; data: SourceCard[] }
  | { event: "token"; data: { text: string } }
  | { event: "done"; data: DoneData }
  | { event: "error"; data: { code: string; message: string } };

/** Per-request choices the client may make. */
export interface TurnOptions {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

/** Everything a turn needs, passed in. */
export interface ChatDeps {
  store: VectorStore;
  embedder: Embedder | null;
  /** Providers by name; `defaultProvider` answers unless the request picks another. */
  providers: Record<string, LlmProvider>;
  defaultProvider: string;
  retrieval: Omit<RetrieveOptions, "signal">;
  maxTokens: number;
  temperature: number;
  now?: () => number;
  /** A collection's persona: appended to the system prompt (e.g. an in-universe voice). */
  persona?: string;
  /** Prefix of reader links for source cards (`/c/<name>/sources/`); none when absent. */
  readerBase?: string;
}

/** Runs one turn. The iterable never throws: failures become an `error` event. */
export async function* chatTurn(
  messages: ChatMessage[],
  options: TurnOptions,
  deps: ChatDeps,
  signal: AbortSignal,
): AsyncGenerator<ChatEvent> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const llm = deps.providers[options.provider ?? deps.defaultProvider] ??
    deps.providers[deps.defaultProvider];
  let retrievalMs = 0;
  let firstTokenMs: number | null = null;
  try {
    const question = await condenseQuestion(messages, llm, signal);
    const retrieval = await retrievePassages(question, deps.store, deps.embedder, {
      ...deps.retrieval,
      signal,
    });
    retrievalMs = now() - started;
    if (!retrieval.relevant || retrieval.passages.length === 0) {
      yield { event: "sources", data: [] };
      const text = notFoundAnswer(question, retrieval.closest);
      firstTokenMs = now() - started;
      yield { event: "token", data: { text } };
      yield done({ provider: llm.name, model: llm.model }, question, [], {
        inputTokens: 0,
        outputTokens: 0,
      });
      return;
    }
    yield {
      event: "sources",
      data: retrieval.passages.map((p) => toCard(p, deps.readerBase)),
    };
    const filter = new CitationFilter(new Set(retrieval.passages.map((p) => p.n)));
    let usage = { inputTokens: 0, outputTokens: 0 };
    let answering = { provider: llm.name, model: llm.model };
    const stream = llm.stream(buildSystemPrompt(retrieval.passages, deps.persona), messages, {
      maxTokens: options.maxTokens ?? deps.maxTokens,
      temperature: options.temperature ?? deps.temperature,
      model: options.model,
      sources: retrieval.passages,
      question,
      onProvider: (p) => (answering = p),
    }, signal);
    for await (const part of stream) {
      if (part.type === "usage") {
        usage = { inputTokens: part.inputTokens, outputTokens: part.outputTokens };
        continue;
      }
      const text = filter.push(part.text);
      if (text) {
        firstTokenMs ??= now() - started;
        yield { event: "token", data: { text } };
      }
    }
    const rest = filter.flush();
    if (rest) yield { event: "token", data: { text: rest } };
    yield done(answering, question, [...filter.cited].sort((a, b) => a - b), usage);
  } catch (error) {
    if (signal.aborted) {
      log.info("turn aborted by the client after {ms} ms", { ms: Math.round(now() - started) });
      return;
    }
    yield { event: "error", data: describeError(error) };
  }

  function done(
    answering: { provider: string; model: string },
    question: string,
    citations: number[],
    usage: DoneData["usage"],
  ): ChatEvent {
    const totalMs = now() - started;
    log.info(
      "turn done: {provider} retrieval {retrievalMs} ms, first token {firstTokenMs} ms, total {totalMs} ms",
      {
        provider: answering.provider,
        retrievalMs: Math.round(retrievalMs),
        firstTokenMs: firstTokenMs === null ? null : Math.round(firstTokenMs),
        totalMs: Math.round(totalMs),
      },
    );
    return {
      event: "done",
      data: {
        usage,
        timings: {
          retrievalMs: round(retrievalMs),
          firstTokenMs: firstTokenMs === null ? null : round(firstTokenMs),
          totalMs: round(totalMs),
        },
        provider: answering.provider,
        model: answering.model,
        citations,
        question,
      },
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function toCard(
  p: SourcePassage,
  readerBase?: string,
): SourceCard {
  const reader = readerBase && p.documentId !== undefined
    ? `${readerBase}${encodeURIComponent(p.documentId)}#chunk-${p.position ?? 0}`
    : undefined;
  return {
    ...(reader ? { reader } : {}),
    n: p.n,
    id: p.id,
    title: p.title,
    url: p.url,
    heading: p.heading,
    snippet: snippet(p.text),
    score: Math.round(p.score * 10_000) / 10_000,
  };
}

/** The first ~280 characters of a passage as plain text, cut at a word. */
export function snippet(text: string, max = 280): string {
  // Only the start of the passage shows: strip the mark-up of a prefix cut at a space, and
  // use it when it reads the same as the whole would there — no code fence in it, and no
  // link or image left open (one the cut split keeps its "[").
  WHITESPACE.lastIndex = Math.ceil(max * 1.5);
  const cut = WHITESPACE.exec(text)?.index ?? -1;
  if (cut > 0 && !text.slice(0, cut).includes("```")) {
    const plain = plainText(text.slice(0, cut));
    if (plain.length > max + 1 && !plain.includes("[")) return cutAtWord(plain, max);
  }
  return cutAtWord(plainText(text), max);
}

const WHITESPACE = /\s/g;

function plainText(text: string): string {
  return text
    .replace(/^#{1,6}\s.*$/gm, " ")
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, " ")
    .replace(/[#>*_`|]+/g, " ")
    // Runs and other white space become one space; a lone space is left, not copied.
    .replace(/\s{2,}|[^\S ]/g, " ")
    .trim();
}

function cutAtWord(plain: string, max: number): string {
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(" "), max * 0.6)).trimEnd() + "…";
}

/** Maps a failure to what the reader sees; the detail goes to the log. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ProviderError) {
    // Not `message`: in JSON lines that property would replace the rendered message.
    log.error("provider {provider} failed ({kind}): {detail}", {
      provider: error.provider,
      kind: error.kind,
      detail: error.message,
    });
    const messages: Record<string, string> = {
      rate_limit: "The language model is busy right now. Please try again in a moment.",
      timeout: "The language model took too long to answer. Please try again.",
      connect: "The language model could not be reached. Please try again later.",
      unavailable: "The language model is unavailable right now. Please try again later.",
      server: "The language model failed to answer. Please try again.",
      auth:
        "The language model rejected this server's credentials. An operator needs to check the configuration.",
      invalid_request: "The language model could not process this request.",
    };
    return {
      code: `provider_${error.kind}`,
      message: messages[error.kind] ?? "The answer could not be completed. Please try again.",
    };
  }
  if (error instanceof VectorStoreError) {
    log.error("vector store failed ({kind}): {detail}", {
      kind: error.kind,
      detail: error.message,
    });
    return {
      code: "store_unavailable",
      message: "The knowledge base is unavailable right now. Please try again later.",
    };
  }
  log.error("chat turn failed: {error}", { error });
  return {
    code: "internal_error",
    message: "Something went wrong while answering. Please try again.",
  };
}
