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
  snippet,
  type SourceCard,
  type TurnOptions,
} from "./turn.ts";
export { type ChatAnswer, collectAnswer } from "./answer.ts";
export { isNotFoundAnswer, NOT_FOUND_TEXT, notFoundAnswer } from "./not_found.ts";
export { buildSystemPrompt, fenceSafe } from "./prompt.ts";
export { CitationFilter } from "./citations.ts";
export { condenseHeuristically, condenseQuestion, looksLikeFollowUp } from "./condense.ts";
export { isRelevant, retrievePassages, selectPassages } from "./retrieve.ts";
export { type ChatService, createChatService } from "./service.ts";
