import { useRef, useState } from "preact/hooks";
import type { ConversationSummary } from "../../lib/ui/mod.ts";
import { Icon } from "../Icon.tsx";

/** Props of {@linkcode Sidebar}. */
export interface SidebarProps {
  conversations: ConversationSummary[];
  currentId: string;
  /** JavaScript is running (history lives in this browser's storage). */
  enhanced: boolean;
  onNew: () => void;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
  onClear: () => void;
  onClose: () => void;
}

/** The conversation history: open, rename, delete, clear all. */
export function Sidebar(props: SidebarProps) {
  const { conversations, currentId } = props;
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const cancelled = useRef(false);
  const finishRename = (id: string, title: string | null) => {
    if (renaming !== id) return;
    if (title !== null && !cancelled.current) props.onRename(id, title);
    setRenaming(null);
  };
  return (
    <aside
      id="history"
      class="sidebar"
      aria-label="Chat history"
      onKeyDown={(e) => e.key === "Escape" && !renaming && props.onClose()}
    >
      <div class="sidebar-top">
        <a
          href="/"
          class="new-chat"
          onClick={(e) => {
            e.preventDefault();
            props.onNew();
          }}
        >
          <Icon name="plus" /> New chat
        </a>
        <button
          type="button"
          class="icon-btn sidebar-close"
          aria-label="Close history"
          onClick={props.onClose}
        >
          <Icon name="close" />
        </button>
      </div>
      <h2 class="sidebar-heading">Recent chats</h2>
      {conversations.length === 0
        ? (
          <p class="sidebar-empty">
            {props.enhanced
              ? "Your chats are kept in this browser, not on the server."
              : "Turn on JavaScript to keep a history of your chats in this browser."}
          </p>
        )
        : (
          <ul class="conv-list">
            {conversations.map((c) => (
              <li key={c.id} class={c.id === currentId ? "conv is-current" : "conv"}>
                {renaming === c.id
                  ? (
                    <form
                      class="conv-rename"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const input = e.currentTarget.elements.namedItem(
                          "title",
                        ) as HTMLInputElement;
                        finishRename(c.id, input.value);
                      }}
                    >
                      <input
                        name="title"
                        aria-label="Chat name"
                        value={c.title}
                        maxLength={120}
                        ref={(el) => el?.focus()}
                        onKeyDown={(e) => {
                          if (e.key !== "Escape") {
                            return;
                          }
                          cancelled.current = true;
                          finishRename(c.id, null);
                        }}
                        onBlur={(e) =>
                          finishRename(c.id, e.currentTarget.value)}
                      />
                    </form>
                  )
                  : (
                    <button
                      type="button"
                      class="conv-open"
                      aria-current={c.id === currentId ? "true" : undefined}
                      onClick={() => props.onOpen(c.id)}
                    >
                      {c.title}
                    </button>
                  )}
                <span class="conv-tools">
                  <button
                    type="button"
                    class="icon-btn conv-tool"
                    aria-label={`Rename “${c.title}”`}
                    onClick={() => {
                      cancelled.current = false;
                      setRenaming(c.id);
                    }}
                  >
                    <Icon name="edit" />
                  </button>
                  <button
                    type="button"
                    class="icon-btn conv-tool"
                    aria-label={`Delete “${c.title}”`}
                    onClick={() =>
                      props.onDelete(c.id)}
                  >
                    <Icon name="trash" />
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
      {conversations.length > 0 && (
        <button
          type="button"
          class={confirmClear ? "clear-all is-confirm" : "clear-all"}
          onClick={() => {
            if (confirmClear) props.onClear();
            setConfirmClear(!confirmClear);
          }}
          onBlur={() => setConfirmClear(false)}
        >
          <Icon name="trash" />{" "}
          {confirmClear ? "Click again to delete every chat" : "Clear all chats"}
        </button>
      )}
    </aside>
  );
}
