import { define } from "../../lib/app/state.ts";
import { readChatRequest } from "../../lib/app/chat_request.ts";
import { admitChat } from "../../lib/app/limits.ts";
import { jsonError, sseResponse } from "../../lib/web/mod.ts";
import { resolveCollection, unknownCollection } from "../../lib/app/collection_chat.ts";

/**
 * One chat turn. `text/event-stream` by default (events `sources`, `token`, `done`,
 * `error`); one JSON answer when the client asks for `application/json`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    if (!ctx.state.chat) {
      return jsonError(503, "not_ready", "The chat service is starting. Try again shortly.");
    }
    const parsed = await readChatRequest(ctx.req);
    if (!parsed.ok) return jsonError(parsed.status ?? 400, "invalid_request", parsed.reason);
    const { messages, options = {}, collection } = parsed.value;
    const chat = resolveCollection(ctx.state, collection)?.chat;
    if (!chat) return jsonError(404, "not_found", unknownCollection(collection ?? ""));
    if (options.provider && !chat.deps.providers[options.provider]) {
      return jsonError(
        400,
        "invalid_request",
        `options.provider: unknown provider "${options.provider}"`,
      );
    }
    const admission = await admitChat(ctx.state.limits, ctx.req, ctx.remoteAddr);
    if ("refusal" in admission) {
      const { status, code, message, retryAfterSeconds } = admission.refusal;
      return jsonError(status, code, message, { "retry-after": String(retryAfterSeconds) });
    }
    const turnOptions = {
      ...options,
      maxTokens: Math.min(options.maxTokens ?? Infinity, ctx.state.config.LLM_MAX_TOKENS),
    };
    const accept = ctx.req.headers.get("accept") ?? "";
    const signal = ctx.req.signal;
    if (/application\/json/.test(accept) && !/text\/event-stream/.test(accept)) {
      try {
        const answer = await chat.answer(messages, turnOptions, signal);
        return Response.json(answer, { status: answer.error ? 502 : 200 });
      } finally {
        admission.release();
      }
    }
    // The slot is released when the stream ends or the client leaves, with no generator
    // wrapped around the turn's events for it.
    return sseResponse(chat.stream(messages, turnOptions, signal), {
      onClose: admission.release,
    });
  },
});
