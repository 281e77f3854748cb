/**
 * `ChatService`: the chat turn bound to its dependencies, as the routes use it.
 *
 * @module
 */
import type { ChatMessage } from "../llm/provider.ts";
import { type ChatAnswer, collectAnswer } from "./answer.ts";
import { type ChatDeps, type ChatEvent, chatTurn, type TurnOptions } from "./turn.ts";

/** What the routes call. */
export interface ChatService {
  /** Streams a turn's events (never throws; failures are `error` events). */
  stream(
    messages: ChatMessage[],
    options: TurnOptions,
    signal: AbortSignal,
  ): AsyncGenerator<ChatEvent>;
  /** The whole answer at once. */
  answer(messages: ChatMessage[], options: TurnOptions, signal: AbortSignal): Promise<ChatAnswer>;
  /** The providers a request may pick, for `/api/info` and validation. */
  providers(): { provider: string; model: string; supportsSampling: boolean; default: boolean }[];
  readonly deps: ChatDeps;
}

/** Binds {@linkcode chatTurn} to `deps`. */
export function createChatService(deps: ChatDeps): ChatService {
  return {
    deps,
    stream: (messages, options, signal) => chatTurn(messages, options, deps, signal),
    answer: (messages, options, signal) => collectAnswer(chatTurn(messages, options, deps, signal)),
    providers: () =>
      Object.entries(deps.providers).map(([name, p]) => ({
        provider: name,
        model: p.model,
        supportsSampling: p.supportsSampling,
        default: name === deps.defaultProvider,
      })),
  };
}
