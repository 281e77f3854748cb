/**
 * LoreChat as an OpenAI-compatible model: request parsing, bearer-key auth, and the
 * translation of chat-turn events into `chat.completion` objects and chunks, so
 * existing OpenAI clients and chat UIs can use it. Sources are appended as a list.
 *
 * @module
 */
import { z } from "zod";
import type { ChatMessage } from "../llm/provider.ts";
import type { ChatAnswer, ChatEvent, SourceCard } from "../rag/mod.ts";

/** The model id clients use; `lorechat/<provider>` picks a configured provider. */
export const MODEL_ID = "lorechat";

const part = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const message = z.object({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(part), z.null()]).optional(),
}).passthrough();

/** The subset of the Chat Completions request LoreChat honours. */
export const completionRequestSchema = z.object({
  model: z.string().min(1).max(200),
  messages: z.array(message).min(1).max(100),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  max_tokens: z.number().int().min(1).max(8_192).nullish(),
  max_completion_tokens: z.number().int().min(1).max(8_192).nullish(),
}).passthrough();

/** A parsed completion request. */
export type CompletionRequest = z.output<typeof completionRequestSchema>;

/** An OpenAI-shaped error response. */
export function openAiError(
  status: number,
  message: string,
  type: string,
  code?: string,
): Response {
  return Response.json({ error: { message, type, code: code ?? null, param: null } }, { status });
}

/** Checks `Authorization: Bearer <key>` against `API_KEYS` (no keys: open). */
export function authorise(req: Request, keys: readonly string[]): Response | null {
  if (keys.length === 0) return null;
  const header = req.headers.get("authorization") ?? "";
  const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? "";
  if (keys.some((k) => constantTimeEqual(k, presented))) return null;
  return openAiError(
    401,
    "Invalid or missing API key.",
    "invalid_request_error",
    "invalid_api_key",
  );
}

function constantTimeEqual(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  let diff = ea.length ^ eb.length;
  for (let i = 0; i < Math.max(ea.length, eb.length); i++) diff |= (ea[i] ?? 0) ^ (eb[i] ?? 0);
  return diff === 0;
}

/** The user/assistant turns of a request, as text; system prompts are not obeyed. */
export function toChatMessages(req: CompletionRequest): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of req.messages) {
    if (m.role !== "user" && m.role !== "assistant") continue;
    const content = typeof m.content === "string"
      ? m.content
      : (m.content ?? []).map((p) => p.type === "text" ? p.text ?? "" : "").join("");
    if (content.trim()) out.push({ role: m.role, content: content.slice(0, 8_000) });
  }
  return out;
}

/** The provider a model id asks for, or undefined for the default. */
export function providerOf(model: string): string | undefined {
  return model.startsWith(`${MODEL_ID}/`) ? model.slice(MODEL_ID.length + 1) : undefined;
}

/** The sources list appended after an answer. */
export function sourcesFootnote(sources: SourceCard[], cited: number[]): string {
  const shown = cited.length > 0 ? sources.filter((s) => cited.includes(s.n)) : sources;
  if (shown.length === 0) return "";
  const lines = shown.map((s) =>
    `[${s.n}] ${s.title}${s.heading ? ` — ${s.heading}` : ""}${s.url ? ` (${s.url})` : ""}`
  );
  return `\n\nSources:\n${lines.join("\n")}`;
}

/** A whole `chat.completion` object for a collected answer. */
export function completionObject(id: string, model: string, answer: ChatAnswer) {
  const usage = answer.usage ?? { inputTokens: 0, outputTokens: 0 };
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{
      index: 0,
      message: {
        role: "assistant",
        content: answer.answer + sourcesFootnote(answer.sources, answer.citations),
      },
      finish_reason: "stop",
      logprobs: null,
    }],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
  };
}

const encoder = new TextEncoder();

/** Streams turn events as `chat.completion.chunk` SSE lines ending with `[DONE]`. */
export function completionStream(
  id: string,
  model: string,
  events: AsyncGenerator<ChatEvent>,
  includeUsage: boolean,
): ReadableStream<Uint8Array> {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra = {}) =>
    encoder.encode(
      `data: ${
        JSON.stringify({
          id,
          object: "chat.completion.chunk",
          created,
          model,
          choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
          ...extra,
        })
      }\n\n`,
    );
  let sources: SourceCard[] = [];
  return new ReadableStream({
    start(controller) {
      controller.enqueue(chunk({ role: "assistant", content: "" }, null));
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done) {
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
        return;
      }
      const e = next.value;
      if (e.event === "sources") sources = e.data;
      else if (e.event === "token") controller.enqueue(chunk({ content: e.data.text }, null));
      else if (e.event === "error") {
        controller.enqueue(
          encoder.encode(
            `data: ${
              JSON.stringify({
                error: { message: e.data.message, type: "server_error", code: e.data.code },
              })
            }\n\n`,
          ),
        );
      } else {
        const footnote = sourcesFootnote(sources, e.data.citations);
        if (footnote) controller.enqueue(chunk({ content: footnote }, null));
        controller.enqueue(chunk({}, "stop"));
        if (includeUsage) {
          const u = e.data.usage;
          controller.enqueue(encoder.encode(`data: ${
            JSON.stringify({
              id,
              object: "chat.completion.chunk",
              created,
              model,
              choices: [],
              usage: {
                prompt_tokens: u.inputTokens,
                completion_tokens: u.outputTokens,
                total_tokens: u.inputTokens + u.outputTokens,
              },
            })
          }\n\n`));
        }
      }
    },
    async cancel() {
      await events.return(undefined);
    },
  });
}
