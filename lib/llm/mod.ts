/**
 * Language models behind one seam. `createLlmProvider(config)` builds the configured
 * provider — OpenAI (or any OpenAI-compatible server), Bedrock, or the extractive
 * answerer that needs no model — wrapped with deadlines, retries and a fallback chain.
 * Everything streams as {@linkcode StreamPart}s and fails with {@linkcode ProviderError}.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { createLlmProvider } from "./mod.ts";
 *
 * const llm = createLlmProvider(parseConfig({ LLM_PROVIDER: "extractive" }));
 * const sources = [{ n: 1, id: "varrow#0", title: "Varrow", url: "", heading: "Varrow",
 *   text: "| Ruler | Queen Maelis |", score: 1 }];
 * let answer = "";
 * for await (
 *   const part of llm.stream("", [{ role: "user", content: "Who rules Varrow?" }], { sources },
 *     new AbortController().signal)
 * ) if (part.type === "text") answer += part.text;
 * console.assert(answer.includes("[1]"));
 * ```
 *
 * @module
 */
export {
  type ChatMessage,
  type GenerateOptions,
  type LlmProvider,
  ProviderError,
  type ProviderErrorKind,
  type SourcePassage,
  type StreamPart,
} from "./provider.ts";
export {
  awsCredentials,
  createBareProvider,
  createLlmProvider,
  createLlmProviders,
  createLlmProviderSet,
  fallbackChain,
  listModels,
  type LlmConfig,
  type LlmDeps,
  type LlmProviderName,
  type LlmProviderSet,
  type ModelChoice,
} from "./factory.ts";
export {
  type AttemptReport,
  createResilientProvider,
  isAttemptDeadline,
  type ResilientOptions,
} from "./resilient.ts";
export {
  type BreakerProvider,
  type BreakerState,
  type BreakerTicket,
  type CallOutcome,
  CircuitBreaker,
  type CircuitBreakerOptions,
  withCircuitBreaker,
} from "./circuit_breaker.ts";
export {
  composeExtractiveAnswer,
  createExtractiveProvider,
  EXTRACTIVE_LABEL,
  EXTRACTIVE_NO_ANSWER,
  type ExtractiveOptions,
  type ExtractiveProviderOptions,
  type ScoredSentence,
  selectSentences,
} from "./extractive.ts";
export {
  createOpenAiProvider,
  OPENAI_DEFAULT_BASE_URL,
  type OpenAiProviderOptions,
} from "./openai.ts";
export {
  type AwsCredentials,
  type BedrockProvider,
  type BedrockProviderOptions,
  createBedrockProvider,
} from "./bedrock.ts";
