/**
 * The browser's client for the chat API: `POST /api/chat` read as a stream of typed
 * events, and `GET /api/info`. Failures come back as sentences a reader can act on.
 *
 * @module
 */
import type { Source } from "./conversation.ts";
import { readSse } from "./sse.ts";

/** Per-request choices sent as `options`. */
export interface ChatOptions {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

/** What `done` carries (the fields the UI uses). */
export interface DoneInfo {
  citations: number[];
  provider: string;
  model: string;
  timings: { totalMs: number };
}

/** One event of a streamed answer. */
export type StreamEvent =
  | { type: "sources"; sources: Source[] }
  | { type: "token"; text: string }
  | { type: "done"; done: DoneInfo }
  | { type: "error"; code: string; message: string };

/** What `/api/info` reports. */
export interface ServiceInfo {
  collection: { documents: number; chunks: number; lastIndexedAt: string | null } | null;
  providers: { provider: string; model: string; supportsSampling: boolean; default: boolean }[];
  suggestions: string[];
  version: string;
  /** The collections to pick from (absent when there is only the one store). */
  collections?: { name: string; title: string }[];
  /** The collection this chat talks to. */
  current?: { name: string; title: string; description: string; persona: string };
}

/** The request could not be made or was refused; `message` is for the reader. */
export class ChatRequestError extends Error {
  constructor(readonly code: string, message: string, readonly status = 0) {
    super(message);
    this.name = "ChatRequestError";
  }
}

const NETWORK = "LoreChat could not be reached. Check your connection and try again.";
const DROPPED = "The connection dropped before the answer was complete. Try again.";

/** Options for {@linkcode streamChat}. */
export interface StreamChatOptions {
  fetch?: typeof fetch;
  endpoint?: string;
  signal: AbortSignal;
}

/**
 * Asks for an answer and yields its events as they arrive. Throws
 * {@linkcode ChatRequestError} when the request is refused or never gets through, and
 * the fetch's `AbortError` when `signal` aborts.
 */
export async function* streamChat(
  body: {
    messages: { role: string; content: string }[];
    options?: ChatOptions;
    collection?: string;
  },
  options: StreamChatOptions,
): AsyncGenerator<StreamEvent> {
  const { signal, endpoint = "/api/chat" } = options;
  const fetchFn = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await fetchFn(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ChatRequestError("network", NETWORK);
  }
  if (!res.ok || !res.body) {
    const error = await res.json().then((b) => b?.error, () => null).catch(() => null);
    throw new ChatRequestError(
      typeof error?.code === "string" ? error.code : `http_${res.status}`,
      typeof error?.message === "string"
        ? error.message
        : `LoreChat could not answer (HTTP ${res.status}). Try again.`,
      res.status,
    );
  }
  try {
    for await (const m of readSse(res.body)) {
      const event = toEvent(m.event, m.data);
      if (event) yield event;
    }
  } catch (error) {
    if (signal.aborted) throw error;
    yield { type: "error", code: "network", message: DROPPED };
  }
}

function toEvent(name: string, raw: string): StreamEvent | null {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (name === "sources" && Array.isArray(data)) return { type: "sources", sources: data };
  if (name === "token" && typeof data?.text === "string") return { type: "token", text: data.text };
  if (name === "done" && data) {
    const timings = data.timings as { totalMs?: number } | undefined;
    return {
      type: "done",
      done: {
        citations: Array.isArray(data.citations) ? data.citations : [],
        provider: String(data.provider ?? ""),
        model: String(data.model ?? ""),
        timings: { totalMs: Number(timings?.totalMs ?? 0) },
      },
    };
  }
  if (name === "error") {
    return {
      type: "error",
      code: String(data?.code ?? "error"),
      message: String(data?.message ?? "Something went wrong. Try again."),
    };
  }
  return null;
}

/** Reads `/api/info`; null when it is unavailable (the UI then shows less). */
export async function fetchInfo(
  options: { fetch?: typeof fetch; endpoint?: string; signal?: AbortSignal } = {},
): Promise<ServiceInfo | null> {
  try {
    const res = await (options.fetch ?? fetch)(options.endpoint ?? "/api/info", {
      signal: options.signal,
      headers: { accept: "application/json" },
    });
    if (!res.ok) return null;
    const info = await res.json();
    return {
      collection: info.collection ?? null,
      providers: Array.isArray(info.providers) ? info.providers : [],
      suggestions: Array.isArray(info.suggestions)
        ? info.suggestions.filter((s: unknown) => typeof s === "string").slice(0, 4)
        : [],
      version: String(info.version ?? ""),
    };
  } catch {
    return null;
  }
}
