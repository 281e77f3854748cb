/**
 * The `LlmProvider` seam: a streaming chat completion. Implementations: `openai.ts`
 * (OpenAI and any OpenAI-compatible server), `bedrock.ts` (ConverseStream) and
 * `extractive.ts` (no model). The rest of LoreChat never sees a vendor SDK.
 *
 * @module
 */

/** One message of a conversation (the system prompt is passed separately). */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** A passage the answer may cite, numbered from 1 as in the prompt. */
export interface SourcePassage {
  n: number;
  id: string;
  title: string;
  url: string;
  heading: string;
  text: string;
  score: number;
  /** The document the passage comes from and its place in it (for reader links). */
  documentId?: string;
  position?: number;
  /** Language of the passage (BCP-47 primary subtag), when the store knows it. */
  lang?: string;
}

/** Per-call options. */
export interface GenerateOptions {
  maxTokens?: number;
  temperature?: number;
  /** Overrides the provider's configured model, when it has several. */
  model?: string;
  /**
   * The numbered passages behind the prompt. Model providers ignore this (the passages
   * are already in the system prompt); the extractive provider answers from it.
   */
  sources?: SourcePassage[];
  /** The standalone question the sources were retrieved for. */
  question?: string;
  /**
   * Called once, just before the first token, with the provider and model actually
   * answering. The resilient wrapper (`resilient.ts`) calls it, so a caller learns which
   * link of a fallback chain answered; a bare provider may ignore it.
   */
  onProvider?: (answering: { provider: string; model: string }) => void;
}

/** A piece of a streamed completion: text, then (once) usage at the end. */
export type StreamPart =
  | { type: "text"; text: string }
  | { type: "usage"; inputTokens: number; outputTokens: number };

/** Streams chat completions from one backend. */
export interface LlmProvider {
  /** Short name: "openai", "bedrock", "extractive". */
  readonly name: string;
  /** The model this provider calls by default. */
  readonly model: string;
  /** Whether this provider honours `temperature` / `maxTokens`. */
  readonly supportsSampling: boolean;
  /**
   * Streams a completion. The iterable ends after an optional `usage` part; it throws a
   * {@linkcode ProviderError} on failure and stops promptly when `signal` aborts.
   */
  stream(
    system: string,
    messages: ChatMessage[],
    options: GenerateOptions,
    signal: AbortSignal,
  ): AsyncIterable<StreamPart>;
  /** Cheap readiness probe; throws when the backend is unreachable. */
  ping?(signal: AbortSignal): Promise<void>;
  /** Releases connections the provider holds; call once when shutting down. */
  close?(): void;
}

/** What went wrong with a provider, in terms the route and fallback chain act on. */
export type ProviderErrorKind =
  | "rate_limit"
  | "timeout"
  | "connect"
  /** The provider is known to be down (its circuit breaker is open): skip it. */
  | "unavailable"
  | "server"
  | "auth"
  | "invalid_request"
  | "aborted"
  | "unknown";

/** A provider failure. `retryable` errors before the first token may fall back. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
    readonly provider: string,
    options?: ErrorOptions & { status?: number },
  ) {
    super(message, options);
    this.name = "ProviderError";
    this.status = options?.status;
  }
  readonly status?: number;
  /** Whether trying again (or another provider) may succeed. */
  get retryable(): boolean {
    return ["rate_limit", "timeout", "connect", "server", "unavailable"].includes(this.kind);
  }
}
