import { define } from "../../../lib/app/state.ts";
import {
  authorise,
  completionObject,
  completionRequestSchema,
  completionStream,
  MODEL_ID,
  openAiError,
  providerOf,
  toChatMessages,
} from "../../../lib/app/openai_compat.ts";
import { admitChat, releasing } from "../../../lib/app/limits.ts";
import { resolveCollection } from "../../../lib/app/collection_chat.ts";

/** OpenAI-compatible chat completions over the same chat turn, streaming or not. */
export const handler = define.handlers({
  async POST(ctx) {
    const { config } = ctx.state;
    let chat = ctx.state.chat;
    const denied = authorise(ctx.req, config.API_KEYS);
    if (denied) return denied;
    if (!chat) return openAiError(503, "The chat service is starting.", "server_error");
    let body: unknown;
    try {
      body = JSON.parse(await ctx.req.text());
    } catch {
      return openAiError(400, "The body is not valid JSON.", "invalid_request_error");
    }
    const parsed = completionRequestSchema.safeParse(body);
    if (!parsed.success) {
      const reason = parsed.error.issues.slice(0, 3)
        .map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
      return openAiError(400, reason, "invalid_request_error");
    }
    const request = parsed.data;
    let provider = providerOf(request.model);
    // `lorechat/<collection>`: that collection's chat with the default provider.
    const named = provider && !chat.deps.providers[provider]
      ? resolveCollection(ctx.state, provider)
      : null;
    if (named?.chat) {
      chat = named.chat;
      provider = undefined;
    } else if (request.model !== MODEL_ID && (!provider || !chat.deps.providers[provider])) {
      return openAiError(
        404,
        `The model '${request.model.slice(0, 100)}' does not exist.`,
        "invalid_request_error",
        "model_not_found",
      );
    }
    const messages = toChatMessages(request);
    if (messages.at(-1)?.role !== "user") {
      return openAiError(
        400,
        "messages: the last message must be a non-empty user message",
        "invalid_request_error",
      );
    }
    const requested = request.max_completion_tokens ?? request.max_tokens;
    const options = {
      provider,
      temperature: request.temperature ?? undefined,
      maxTokens: Math.min(Math.max(16, requested ?? Infinity), config.LLM_MAX_TOKENS),
    };
    const admission = await admitChat(ctx.state.limits, ctx.req, ctx.remoteAddr);
    if ("refusal" in admission) {
      const { status, message, retryAfterSeconds, code } = admission.refusal;
      const type = code === "rate_limited" ? "rate_limit_exceeded" : "server_error";
      const res = openAiError(status, message, type, code);
      res.headers.set("retry-after", String(retryAfterSeconds));
      return res;
    }
    const id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`;
    const signal = ctx.req.signal;
    if (request.stream) {
      const events = releasing(chat.stream(messages, options, signal), admission.release);
      return new Response(
        completionStream(id, request.model, events, request.stream_options?.include_usage ?? false),
        {
          headers: {
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-cache",
          },
        },
      );
    }
    let answer;
    try {
      answer = await chat.answer(messages, options, signal);
    } finally {
      admission.release();
    }
    if (answer.error) {
      return openAiError(502, answer.error.message, "server_error", answer.error.code);
    }
    return Response.json(completionObject(id, request.model, answer));
  },
});
