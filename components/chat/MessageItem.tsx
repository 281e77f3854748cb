import { Component } from "preact";
import { useState } from "preact/hooks";
import type { ChatSession, UiMessage } from "../../lib/ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { MessageView } from "./MessageView.tsx";
import { copyText } from "./browser.ts";

/** Props of {@linkcode MessageItem}. */
export interface MessageItemProps {
  message: UiMessage;
  index: number;
  /** This is the conversation's last message (regenerate lives here). */
  last: boolean;
  /** This is the last question (edit-and-resend lives here). */
  lastQuestion: boolean;
  busy: boolean;
  /** JavaScript is running; without it the message shows no controls (they would do nothing). */
  interactive: boolean;
  session: ChatSession;
}

interface State {
  copied: boolean;
  editing: boolean;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * A message with its controls (copy, regenerate, edit). It re-renders only when its own
 * message or position changes, so a streaming answer repaints alone.
 */
export class MessageItem extends Component<MessageItemProps, State> {
  override state: State = { copied: false, editing: false };

  override shouldComponentUpdate(next: MessageItemProps, state: State): boolean {
    const p = this.props;
    return next.message !== p.message || next.last !== p.last || next.busy !== p.busy ||
      next.lastQuestion !== p.lastQuestion || next.interactive !== p.interactive ||
      state !== this.state;
  }

  copy = async () => {
    if (await copyText(this.props.message.content)) {
      this.setState({ copied: true });
      setTimeout(() => this.setState({ copied: false }), 1500);
    }
  };

  override render() {
    const { message, index, last, lastQuestion, busy, interactive, session } = this.props;
    const { copied, editing } = this.state;
    const id = lastQuestion ? "latest" : undefined;
    if (!interactive) return <MessageView message={message} index={index} id={id} />;
    if (message.role === "user") {
      if (editing) {
        return (
          <EditQuestion
            text={message.content}
            done={() => this.setState({ editing: false })}
            session={session}
          />
        );
      }
      return (
        <MessageView
          message={message}
          index={index}
          id={id}
          actions={lastQuestion && !busy && (
            <button
              type="button"
              class="act"
              onClick={() => this.setState({ editing: true })}
            >
              <Icon name="edit" /> Edit
            </button>
          )}
        />
      );
    }
    const settled = message.status !== "streaming";
    const retry = (
      <button
        type="button"
        class="act act-strong"
        onClick={() => session.regenerate()}
        disabled={busy}
      >
        <Icon name="redo" /> Retry
      </button>
    );
    return (
      <MessageView
        message={message}
        index={index}
        errorAction={last && retry}
        actions={settled && (
          <>
            {message.content && (
              <button type="button" class="act" onClick={this.copy} aria-live="polite">
                <Icon name={copied ? "check" : "copy"} /> {copied ? "Copied" : "Copy"}
              </button>
            )}
            {last && message.status !== "error" && (
              <button
                type="button"
                class="act"
                onClick={() => session.regenerate()}
                disabled={busy}
              >
                <Icon name="redo" /> Regenerate
              </button>
            )}
            {message.meta?.model && (
              <span class="msg-meta">
                {message.meta.model} · {seconds(message.meta.totalMs)}
              </span>
            )}
          </>
        )}
      />
    );
  }
}

/** The last question, editable: sending replaces it (and its answer). */
function EditQuestion(props: { text: string; done: () => void; session: ChatSession }) {
  const [text, setText] = useState(props.text);
  return (
    <form
      class="msg msg-user msg-edit"
      onSubmit={(e) => {
        e.preventDefault();
        props.done();
        props.session.editLast(text);
      }}
    >
      <label for="edit-question" class="visually-hidden">Edit your question</label>
      <textarea
        id="edit-question"
        name="edit"
        required
        maxLength={8000}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        ref={(el) => el?.focus()}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.done();
          else if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <div class="msg-actions">
        <button type="button" class="act" onClick={props.done}>Cancel</button>
        <button type="submit" class="act act-strong">
          <Icon name="send" /> Send
        </button>
      </div>
    </form>
  );
}
