import { useState } from "preact/hooks";
import { Icon } from "../Icon.tsx";

/** Props of {@linkcode Composer}. */
export interface ComposerProps {
  /** An answer is streaming: the button stops it instead of sending. */
  busy?: boolean;
  /** Sends a question (the island); without it the form posts to the server. */
  onSend?: (question: string) => void;
  onStop?: () => void;
  /** The conversation so far as JSON, carried by the no-JS form for follow-ups. */
  history?: string;
  /** Text to start with (a question the server could not answer). */
  question?: string;
}

/**
 * The question box: a real `<form method="post">` that works without JavaScript; the
 * island enhances it (Enter sends, Shift+Enter adds a line, Escape stops).
 */
export function Composer({ busy, onSend, onStop, history, question }: ComposerProps) {
  const [text, setText] = useState(question ?? "");
  return (
    <form
      id="composer"
      class="composer"
      method="post"
      action="/#latest"
      onSubmit={onSend &&
        ((e) => {
          e.preventDefault();
          if (busy || !text.trim()) return;
          onSend(text);
          setText("");
        })}
    >
      {history && <input type="hidden" name="history" value={history} />}
      <label for="question" class="visually-hidden">Your question</label>
      <textarea
        id="question"
        name="question"
        rows={1}
        required
        maxLength={8000}
        placeholder="Ask about the lore…"
        enterkeyhint="send"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={onSend &&
          ((e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              if (text.trim()) e.currentTarget.form?.requestSubmit();
            } else if (e.key === "Escape" && busy) onStop?.();
          })}
      />
      {busy
        ? (
          <button type="button" class="send-btn is-stop" onClick={onStop} aria-label="Stop">
            <Icon name="stop" />
          </button>
        )
        : (
          <button type="submit" class="send-btn" aria-label="Send">
            <Icon name="send" />
          </button>
        )}
    </form>
  );
}
