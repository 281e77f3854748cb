/**
 * Condensing a follow-up into a standalone question. With a model, the model rewrites
 * it; without one (or when the model fails), a heuristic adds the subject of the
 * previous question to a short follow-up that leans on it ("and who rules it?").
 *
 * @module
 */
import type { ChatMessage, LlmProvider } from "../llm/provider.ts";
import { analyzeWords, foldedWords, languageOf } from "../text/mod.ts";

const ANAPHORS = new Set([
  "it",
  "its",
  "they",
  "them",
  "their",
  "theirs",
  "he",
  "him",
  "his",
  "she",
  "her",
  "hers",
  "there",
  "that",
  "this",
  "those",
  "these",
  "then",
]);
const FOLLOW_UP_OPENERS = /^(and|also|but|so|what about|how about|and what|what else|why|when)\b/i;

/** Whether a question reads as leaning on the conversation before it. */
export function looksLikeFollowUp(question: string): boolean {
  const tokens = foldedWords(question);
  if (tokens.length === 0) return false;
  if (FOLLOW_UP_OPENERS.test(question.trim())) return true;
  return tokens.length <= 10 && tokens.some((t) => ANAPHORS.has(t));
}

/** The heuristic: a follow-up gets the content terms of the previous user question. */
export function condenseHeuristically(messages: ChatMessage[]): string {
  const users = messages.filter((m) => m.role === "user");
  const question = users.at(-1)?.content.trim() ?? "";
  if (users.length < 2 || !looksLikeFollowUp(question)) return question;
  const previous = users.at(-2)!.content;
  const lang = languageOf(`${previous}\n${question}`);
  const asked = new Set(analyzeWords(question, { lang }).map((w) => w.term));
  const carried = analyzeWords(previous, { lang })
    .filter((w) => w.term !== null && !asked.has(w.term))
    .map((w) => w.word);
  if (carried.length === 0) return question;
  return `${question} (${[...new Set(carried)].join(" ")})`;
}

const CONDENSE_SYSTEM =
  "Rewrite the user's last message as one standalone question that can be understood " +
  "without the conversation. Keep names exactly as written. Reply with the question only.";

/**
 * Condenses with the model when there is history and the provider is a real model;
 * falls back to the heuristic on any failure or when it takes longer than `timeoutMs`.
 */
export async function condenseQuestion(
  messages: ChatMessage[],
  llm: LlmProvider | null,
  signal: AbortSignal,
  timeoutMs = 8_000,
): Promise<string> {
  const question = messages.filter((m) => m.role === "user").at(-1)?.content.trim() ?? "";
  const hasHistory = messages.length > 1;
  if (!hasHistory) return question;
  if (!llm || llm.name === "extractive") return condenseHeuristically(messages);
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener("abort", abort, { once: true });
  const timer = setTimeout(abort, timeoutMs);
  try {
    const transcript = messages.slice(-6).map((m) => `${m.role}: ${m.content}`).join("\n");
    let out = "";
    for await (
      const part of llm.stream(
        CONDENSE_SYSTEM,
        [{ role: "user", content: transcript }],
        { maxTokens: 120, temperature: 0 },
        controller.signal,
      )
    ) {
      if (part.type === "text") out += part.text;
    }
    const rewritten = out.trim().split("\n")[0]?.trim() ?? "";
    return rewritten.length > 0 && rewritten.length < 500
      ? rewritten
      : condenseHeuristically(messages);
  } catch {
    if (signal.aborted) throw signal.reason ?? new DOMException("aborted", "AbortError");
    return condenseHeuristically(messages);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", abort);
  }
}
