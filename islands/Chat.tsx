import { useSignal } from "@preact/signals";
import { useEffect, useLayoutEffect, useMemo, useRef } from "preact/hooks";
import {
  type ChatOptions,
  conversationToMarkdown,
  createChatSession,
  createHistoryStore,
  decodeShare,
  encodeShare,
  fetchInfo,
  memoryStorage,
  readShareToken,
  type ServiceInfo,
  shareLink,
  type StorageLike,
  type UiMessage,
} from "../lib/ui/mod.ts";
import { Icon } from "../components/Icon.tsx";
import { Composer } from "../components/chat/Composer.tsx";
import { EmptyState } from "../components/chat/EmptyState.tsx";
import { MessageItem } from "../components/chat/MessageItem.tsx";
import { hasSettings, Settings } from "../components/chat/Settings.tsx";
import { Toolbar } from "../components/chat/Toolbar.tsx";
import { Sidebar } from "../components/chat/Sidebar.tsx";
import { copyText, downloadText, fileNameFor } from "../components/chat/browser.ts";

/** Props of the chat island (JSON only: they travel from server to browser). */
export interface ChatProps {
  /** A conversation the server answered (the no-JS form), shown and then saved. */
  initial?: UiMessage[];
  /** What LoreChat knows, when the server could tell; otherwise fetched from `/api/info`. */
  info?: ServiceInfo | null;
  /** A sentence for the reader from the server (why a question was not answered). */
  notice?: string;
  /** The question to put back in the composer after such a refusal. */
  question?: string;
  /** The collection new chats talk to (the default when absent). */
  collection?: string;
}

const SETTINGS_KEY = "lorechat:settings";

/** `localStorage` when it works (it can be disabled or throw), else memory. */
function browserStorage(): StorageLike {
  try {
    const s = globalThis.localStorage;
    s.setItem("lorechat:probe", "1");
    s.removeItem("lorechat:probe");
    return s;
  } catch {
    return memoryStorage();
  }
}

/** The chat: history sidebar, conversation, composer and settings. */
export default function Chat(props: ChatProps) {
  const storage = useMemo(
    () => typeof document === "undefined" ? memoryStorage() : browserStorage(),
    [],
  );
  const session = useMemo(() =>
    createChatSession({
      store: createHistoryStore(storage),
      initial: props.initial,
      collection: props.collection,
      frame: typeof requestAnimationFrame === "function" ? requestAnimationFrame : undefined,
    }), []);
  const info = useSignal<ServiceInfo | null>(props.info ?? null);
  const enhanced = useSignal(false);
  const sidebarOpen = useSignal(false);
  const notice = useSignal(props.notice ?? "");
  const shared = useSignal("");
  const atBottom = useSignal(true);
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    enhanced.value = true;
    session.load();
    if (!info.value) {
      const q = props.collection ? `?collection=${props.collection}` : "";
      fetchInfo({ endpoint: `/api/info${q}` }).then((i) => (info.value = i));
    }
    try {
      session.options.value = JSON.parse(storage.getItem(SETTINGS_KEY) ?? "{}") ?? {};
    } catch { /* unreadable settings: defaults */ }
    const openShared = () => {
      const token = readShareToken(location.hash);
      if (!token) return;
      history.replaceState(null, "", location.pathname + location.search);
      decodeShare(token).then(
        (c) => {
          session.adopt(c);
          notice.value = "Opened a shared chat; it is now in your history.";
        },
        () => (notice.value =
          "That share link is damaged or incomplete, so it could not be opened."),
      );
    };
    openShared();
    const onStorage = () => session.load();
    addEventListener("storage", onStorage);
    addEventListener("hashchange", openShared);
    return () => {
      removeEventListener("storage", onStorage);
      removeEventListener("hashchange", openShared);
    };
  }, []);

  // Follow the answer as it grows, unless the reader scrolled up to read.
  useLayoutEffect(() => {
    const el = log.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  const conversation = session.current.value;
  const { messages } = conversation;
  const busy = session.busy.value;
  const lastQuestion = messages.findLastIndex((m) => m.role === "user");
  const providers = info.value?.providers ?? [];

  const follow = () => {
    stick.current = true;
    atBottom.value = true;
  };
  const focusComposer = () => document.getElementById("question")?.focus();
  const send = (q: string) => {
    follow();
    notice.value = "";
    session.send(q);
  };
  const setOptions = (o: ChatOptions) => {
    session.options.value = o;
    storage.setItem(SETTINGS_KEY, JSON.stringify(o));
  };
  const share = async () => {
    const link = shareLink(location.href, await encodeShare(conversation));
    const copied = await copyText(link);
    shared.value = link;
    notice.value = copied ? "Share link copied to the clipboard." : "Copy the share link below.";
  };
  const closeSidebar = () => {
    if (!sidebarOpen.value) return;
    sidebarOpen.value = false;
    document.querySelector<HTMLElement>(".sidebar-toggle")?.focus();
  };
  const openSidebar = () => {
    sidebarOpen.value = true;
    // The drawer is visible on the next frame; move focus into it for keyboard users.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(".new-chat")?.focus());
  };

  return (
    <div class={sidebarOpen.value ? "chat sidebar-open" : "chat"}>
      <Sidebar
        conversations={session.conversations.value}
        currentId={conversation.id}
        enhanced={enhanced.value}
        onNew={() => {
          session.newChat();
          closeSidebar();
          focusComposer();
        }}
        onOpen={(id) => {
          session.open(id);
          follow();
          closeSidebar();
        }}
        onRename={session.rename}
        onDelete={session.remove}
        onClear={session.clearAll}
        onClose={closeSidebar}
      />
      {sidebarOpen.value && <div class="scrim" onClick={closeSidebar} />}
      <section class="chat-main" aria-labelledby="chat-title">
        <Toolbar
          title={conversation.title}
          enhanced={enhanced.value}
          sidebarOpen={sidebarOpen.value}
          onToggleSidebar={() => (sidebarOpen.value ? closeSidebar() : openSidebar())}
          canExport={messages.length > 0 && !busy}
          onShare={share}
          onDownload={() =>
            downloadText(fileNameFor(conversation.title), conversationToMarkdown(conversation))}
          settings={hasSettings(providers) && (
            <Settings providers={providers} value={session.options.value} onChange={setOptions} />
          )}
        />
        {(notice.value || session.saveFailed.value) && (
          <div class="notice" role="status">
            <p>
              {notice.value ||
                "Your browser's storage is full or disabled, so this chat is not being saved."}
            </p>
            {shared.value && (
              <input
                class="share-url"
                aria-label="Share link"
                readOnly
                value={shared.value}
                onFocus={(e) => e.currentTarget.select()}
              />
            )}
            <button
              type="button"
              class="icon-btn"
              aria-label="Dismiss"
              onClick={() => (notice.value = shared.value = "")}
            >
              <Icon name="close" />
            </button>
          </div>
        )}
        <div
          class="chat-log"
          ref={log}
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
            if (atBottom.value !== stick.current) atBottom.value = stick.current;
          }}
        >
          <div class="thread">
            {messages.length === 0
              ? <EmptyState info={info.value} onAsk={send} />
              : messages.map((m, i) => (
                <MessageItem
                  key={`${conversation.id}:${i}`}
                  message={m}
                  index={i}
                  last={i === messages.length - 1}
                  lastQuestion={i === lastQuestion}
                  busy={busy}
                  interactive={enhanced.value}
                  session={session}
                />
              ))}
          </div>
        </div>
        {!atBottom.value && messages.length > 0 && (
          <button
            type="button"
            class="jump"
            onClick={() => {
              follow();
              log.current?.scrollTo({ top: log.current.scrollHeight });
            }}
          >
            <Icon name="down" /> Latest
          </button>
        )}
        <div class="composer-wrap">
          <Composer
            busy={busy}
            onSend={send}
            onStop={session.stop}
            question={props.question}
            history={props.initial?.length
              ? JSON.stringify(props.initial.map(({ role, content }) => ({ role, content })))
              : undefined}
          />
          <p class="composer-hint">
            {enhanced.value
              ? "Enter to send · Shift+Enter for a new line · answers cite their sources"
              : "Answers cite their sources."}
          </p>
        </div>
        <p class="visually-hidden" role="status" aria-live="polite">{session.announcement.value}</p>
      </section>
    </div>
  );
}
