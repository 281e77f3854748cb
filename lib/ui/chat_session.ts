/**
 * The chat's state and actions, apart from any markup: the open conversation, the
 * saved ones, and send / stop / regenerate / edit / new / open / rename / delete.
 * Tokens are batched per animation frame so a fast stream repaints at most once a
 * frame. Everything it touches (fetch, storage, the clock, ids) is passed in.
 *
 * @module
 */
import { batch, signal } from "@preact/signals";
import { type ChatOptions, ChatRequestError, streamChat, type StreamEvent } from "./chat_api.ts";
import { type Conversation, normaliseSources, titleFor, type UiMessage } from "./conversation.ts";
import type { ConversationSummary, HistoryStore } from "./history.ts";

/** What {@linkcode createChatSession} needs. */
export interface ChatSessionDeps {
  fetch?: typeof fetch;
  store: HistoryStore;
  /** Runs `fn` before the next repaint (`requestAnimationFrame` in browsers). */
  frame?: (fn: () => void) => void;
  now?: () => number;
  newId?: () => string;
  /** Messages to open with (an answer the server rendered for the no-JS form). */
  initial?: UiMessage[];
  /** Most messages sent as context. Default 20. */
  maxContext?: number;
  /** The collection new chats talk to (the default when absent). */
  collection?: string;
}

/** The chat's state and actions; a UI renders the signals and calls the actions. */
export type ChatSession = ReturnType<typeof createChatSession>;

/** Plain text of an answer for a screen-reader announcement. */
export function plainText(markdown: string, max = 400): string {
  const text = markdown.replace(/```[^\n]*\n?/g, "").replace(/\s*\[\d+(?:,\s*\d+)*\]/g, "")
    .replace(/[*_`#>|~]+/g, "").replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Creates a chat session over `deps`. Call `load()` once the browser is ready. */
export function createChatSession(deps: ChatSessionDeps) {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const frame = deps.frame ?? ((fn: () => void) => setTimeout(fn, 16));
  const blank = (messages: UiMessage[] = []): Conversation => ({
    id: newId(),
    title: titleFor(messages),
    createdAt: now(),
    updatedAt: now(),
    messages,
    ...(deps.collection ? { collection: deps.collection } : {}),
  });

  const current = signal<Conversation>(blank(deps.initial ?? []));
  const conversations = signal<ConversationSummary[]>([]);
  const busy = signal(false);
  const options = signal<ChatOptions>({});
  /** The latest sentence for the polite live region. */
  const announcement = signal("");
  /** Whether the last save failed (storage full or disabled). */
  const saveFailed = signal(false);
  let controller: AbortController | null = null;
  let flushPending = () => {};
  let run = 0;

  const setMessages = (messages: UiMessage[]) => {
    const c = current.value;
    current.value = {
      ...c,
      messages,
      updatedAt: now(),
      title: c.messages.length ? c.title : titleFor(messages),
    };
  };
  const patchLast = (patch: Partial<UiMessage>) => {
    const ms = current.value.messages;
    setMessages([...ms.slice(0, -1), { ...ms[ms.length - 1], ...patch }]);
  };
  const refresh = () => (conversations.value = deps.store.list());
  const persist = () => {
    if (!current.value.messages.length) return;
    saveFailed.value = !deps.store.save(current.value);
    refresh();
  };

  /** Streams an answer to the conversation as it stands (its last message is the question). */
  async function answer(): Promise<void> {
    const mine = ++run;
    const context = current.value.messages
      .filter((m) => m.status !== "error" && m.content.trim())
      .slice(-(deps.maxContext ?? 20))
      .map(({ role, content }) => ({ role, content }));
    while (context.length && context[0].role !== "user") context.shift();
    const abort = (controller = new AbortController());
    busy.value = true;
    announcement.value = "";
    setMessages([...current.value.messages, {
      role: "assistant",
      content: "",
      status: "streaming",
    }]);
    let pending = "";
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (!pending || mine !== run) return;
      const last = current.value.messages[current.value.messages.length - 1];
      patchLast({ content: last.content + pending });
      pending = "";
    };
    flushPending = flush;
    const apply = (e: StreamEvent) => {
      if (e.type === "token") {
        pending += e.text;
        if (!scheduled) {
          scheduled = true;
          frame(flush);
        }
        return;
      }
      flush();
      if (e.type === "sources") patchLast({ sources: normaliseSources(e.sources) });
      else if (e.type === "error") {
        patchLast({ status: "error", error: { code: e.code, message: e.message } });
      } else {
        patchLast({
          status: "done",
          citations: e.done.citations,
          meta: { provider: e.done.provider, model: e.done.model, totalMs: e.done.timings.totalMs },
        });
      }
    };
    try {
      const { collection } = current.value;
      const body = { messages: context, options: requestOptions(), collection };
      for await (const e of streamChat(body, { fetch: deps.fetch, signal: abort.signal })) {
        if (mine !== run) return;
        apply(e);
      }
      flush();
      if (current.value.messages.at(-1)?.status === "streaming") {
        apply({ type: "error", code: "incomplete", message: "The answer was cut off. Try again." });
      }
    } catch (error) {
      if (mine !== run) return;
      flush();
      if (abort.signal.aborted) patchLast({ status: "stopped" });
      else {
        const e = error instanceof ChatRequestError
          ? error
          : new ChatRequestError("network", "Something went wrong. Try again.");
        patchLast({ status: "error", error: { code: e.code, message: e.message } });
      }
    }
    if (mine !== run) return;
    finish();
  }

  /** Ends the current run: saves, announces, frees the composer. */
  function finish() {
    const last = current.value.messages.at(-1);
    batch(() => {
      controller = null;
      busy.value = false;
      announcement.value = last?.status === "done"
        ? `Answer complete. ${plainText(last.content)}`
        : last?.status === "stopped"
        ? "Answer stopped."
        : `Error: ${last?.error?.message ?? "no answer"}`;
      persist();
    });
  }

  function requestOptions(): ChatOptions | undefined {
    const o = options.value;
    const out = Object.fromEntries(
      Object.entries(o).filter(([, v]) => v !== undefined && v !== ""),
    );
    return Object.keys(out).length ? out as ChatOptions : undefined;
  }

  /** Stops the answer being streamed, keeping what arrived (marked stopped). */
  function stop() {
    if (!controller) return;
    controller.abort();
    flushPending();
    run++;
    patchLast({ status: "stopped" });
    finish();
  }

  /** Messages up to and including the last question. */
  const upToLastQuestion = () => {
    const ms = current.value.messages;
    let i = ms.length - 1;
    while (i >= 0 && ms[i].role !== "user") i--;
    return ms.slice(0, i + 1);
  };

  return {
    current,
    conversations,
    busy,
    options,
    announcement,
    saveFailed,
    /** Reads the saved conversations (call in the browser, after hydration). */
    load() {
      refresh();
      if (current.value.messages.length && !deps.store.get(current.value.id)) persist();
    },
    /** Asks `question` in the open conversation. */
    send(question: string): Promise<void> {
      const text = question.trim();
      if (!text || busy.value) return Promise.resolve();
      setMessages([...current.value.messages, { role: "user", content: text }]);
      return answer();
    },
    stop,
    /** Answers the last question again (also "Retry" after an error). */
    regenerate(): Promise<void> {
      if (busy.value) return Promise.resolve();
      const kept = upToLastQuestion();
      if (!kept.length) return Promise.resolve();
      setMessages(kept);
      return answer();
    },
    /** Replaces the last question with `question` and answers it. */
    editLast(question: string): Promise<void> {
      const text = question.trim();
      if (!text || busy.value) return Promise.resolve();
      setMessages([...upToLastQuestion().slice(0, -1), { role: "user", content: text }]);
      return answer();
    },
    /** Starts an empty conversation. */
    newChat() {
      stop();
      current.value = blank();
      announcement.value = "";
    },
    /** Opens a saved conversation. */
    open(id: string) {
      stop();
      const c = deps.store.get(id);
      if (c) current.value = c;
      announcement.value = "";
    },
    rename(id: string, title: string) {
      deps.store.rename(id, title);
      if (current.value.id === id && title.trim()) {
        current.value = { ...current.value, title: title.trim().slice(0, 120) };
      }
      refresh();
    },
    remove(id: string) {
      deps.store.remove(id);
      if (current.value.id === id) {
        stop();
        current.value = blank();
      }
      refresh();
    },
    clearAll() {
      stop();
      deps.store.clear();
      current.value = blank();
      refresh();
    },
    /** Saves an imported (shared) conversation as a new one and opens it. */
    adopt(conversation: Conversation) {
      stop();
      current.value = { ...conversation, id: newId(), createdAt: now(), updatedAt: now() };
      persist();
    },
  };
}
