import { type AppState, define } from "../lib/app/state.ts";
import { MAX_MESSAGES, parseChatRequest } from "../lib/app/chat_request.ts";
import { describeService } from "../lib/app/service_info.ts";
import { admitChat } from "../lib/app/limits.ts";
import { getLogger } from "../lib/log/mod.ts";
import { normaliseMessage, type ServiceInfo, type UiMessage } from "../lib/ui/mod.ts";
import Chat, { type ChatProps } from "../islands/Chat.tsx";
import { resolveCollection, type ResolvedCollection } from "../lib/app/collection_chat.ts";

const log = getLogger(["lorechat", "page"]);

/** What the collection holds, for the empty state; null when the store cannot say quickly. */
async function serviceInfo(
  state: AppState,
  signal: AbortSignal,
  target?: ResolvedCollection,
): Promise<ServiceInfo | null> {
  try {
    return await describeService(state, signal, 1_500, target);
  } catch (error) {
    log.warn("collection info unavailable for the page: {error}", { error });
    return null;
  }
}

/** The conversation the no-JS form carries in its hidden `history` field, validated. */
function readHistory(value: FormDataEntryValue | null): UiMessage[] {
  if (typeof value !== "string" || !value) return [];
  try {
    const parsed = JSON.parse(value);
    if (!Array.isArray(parsed)) return [];
    return parsed.slice(-(MAX_MESSAGES - 1)).map(normaliseMessage)
      .filter((m): m is UiMessage => m !== null && m.status !== "error" && !!m.content.trim());
  } catch {
    return [];
  }
}

/**
 * The chat page. GET renders it; POST is the no-JavaScript path: the composer's form
 * posts `question` (and the conversation so far) and the server answers in the page,
 * Markdown and sources rendered by the same components the island uses.
 */
export const handler = define.handlers<ChatProps>({
  async GET(ctx) {
    const target = resolveCollection(ctx.state, ctx.params.name);
    if (!target) return notFound(ctx);
    return ctx.render({
      info: await serviceInfo(ctx.state, ctx.req.signal, target),
      ...(ctx.params.name ? { collection: target.name } : {}),
    });
  },
  async POST(ctx) {
    const target = resolveCollection(ctx.state, ctx.params.name);
    if (!target) return notFound(ctx);
    const collection = ctx.params.name ? { collection: target.name } : {};
    let form: FormData;
    try {
      form = await ctx.req.formData();
    } catch {
      return ctx.render(
        { ...collection, notice: "That form could not be read. Please try again." },
        {
          status: 400,
        },
      );
    }
    const question = form.getAll("question").map((q) => String(q).trim()).find(Boolean) ?? "";
    const history = readHistory(form.get("history"));
    if (!question) {
      const info = history.length ? null : await serviceInfo(ctx.state, ctx.req.signal, target);
      return ctx.render({
        ...collection,
        initial: history,
        info,
        notice: "Please type a question first.",
      }, {
        status: 400,
      });
    }
    const messages = [
      ...history.map(({ role, content }) => ({ role, content })),
      { role: "user" as const, content: question },
    ];
    const parsed = parseChatRequest({ messages });
    if (!parsed.ok) {
      return ctx.render({
        ...collection,
        initial: history,
        question,
        notice: "That question (or this conversation) is too long. Shorten it or start a new chat.",
      }, { status: 400 });
    }
    const { chat } = target;
    if (!chat) {
      return ctx.render({
        ...collection,
        initial: history,
        question,
        notice: "LoreChat is starting up and cannot answer yet. Please try again in a moment.",
      }, { status: 503 });
    }
    const admission = await admitChat(ctx.state.limits, ctx.req, ctx.remoteAddr);
    if ("refusal" in admission) {
      const { status, message, retryAfterSeconds } = admission.refusal;
      return ctx.render({ ...collection, initial: history, question, notice: message }, {
        status,
        headers: { "retry-after": String(retryAfterSeconds) },
      });
    }
    let answer;
    try {
      answer = await chat.answer(parsed.value.messages, {}, ctx.req.signal);
    } finally {
      admission.release();
    }
    const reply: UiMessage = {
      role: "assistant",
      content: answer.answer,
      sources: answer.sources,
      citations: answer.citations,
      status: answer.error ? "error" : "done",
      ...(answer.error ? { error: answer.error } : {}),
      ...(answer.provider && answer.model
        ? {
          meta: {
            provider: answer.provider,
            model: answer.model,
            totalMs: answer.timings?.totalMs ?? 0,
          },
        }
        : {}),
    };
    return ctx.render({ ...collection, initial: [...history, messages.at(-1)!, reply] }, {
      status: answer.error ? 502 : 200,
    });
  },
});

function notFound(ctx: { render: (data: ChatProps, init?: ResponseInit) => Response }) {
  return ctx.render({ notice: "There is no collection by that name." }, { status: 404 });
}

/** The chat page: the server renders the shell (and no-JS answers); the Chat island hydrates it. */
export default define.page<ChatProps>(function Home({ data }) {
  return (
    <main id="main" class="chat-page">
      <Chat {...(data ?? {})} />
    </main>
  );
});
