/**
 * The chat turn: condense, retrieve, prompt, stream — and the non-streaming answer
 * built from the same events.
 *
 * @module
 */
export {
  type ChatDeps,
  type ChatEvent,
  chatTurn,
  type DoneData,
  NOT_FOUND_TEXT,
  snippet,
  type SourceCard,
  type TurnOptions,
} from "./turn.ts";
export { type ChatAnswer, collectAnswer } from "./answer.ts";
export { buildSystemPrompt, fenceSafe } from "./prompt.ts";
export { CitationFilter } from "./citations.ts";
export { condenseHeuristically, condenseQuestion, looksLikeFollowUp } from "./condense.ts";
export { isRelevant, retrievePassages, selectPassages } from "./retrieve.ts";
export { type ChatService, createChatService } from "./service.ts";
