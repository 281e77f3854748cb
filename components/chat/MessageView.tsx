import type { ComponentChildren } from "preact";
import type { UiMessage } from "../../lib/ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { Markdown } from "./Markdown.tsx";
import { sourceId, SourceList } from "./SourceList.tsx";

/** Props of {@linkcode MessageView}. */
export interface MessageViewProps {
  message: UiMessage;
  /** Position in the conversation; keeps element ids unique. */
  index: number;
  /** The element id (the last question is `latest`, where the no-JS page scrolls to). */
  id?: string;
  /** Controls under the message (the island adds them; the no-JS page has none). */
  actions?: ComponentChildren;
  /** A control shown with an error (the island's Retry). */
  errorAction?: ComponentChildren;
}

/** One message: a question, or an answer with its sources, status and errors. */
export function MessageView({ message, index, id, actions, errorAction }: MessageViewProps) {
  if (message.role === "user") {
    return (
      <article id={id} class="msg msg-user" aria-label="You asked">
        <p class="msg-text" dir="auto">{message.content}</p>
        {actions && <div class="msg-actions">{actions}</div>}
      </article>
    );
  }
  const prefix = `m${index}-`;
  const sources = message.sources ?? [];
  const known = new Set(sources.map((s) => s.n));
  const citeHref = (n: number) => (known.has(n) ? `#${sourceId(prefix, n)}` : null);
  const streaming = message.status === "streaming";
  return (
    <article
      class={`msg msg-assistant${streaming ? " is-streaming" : ""}`}
      aria-label="LoreChat answered"
      aria-busy={streaming ? "true" : undefined}
      data-status={message.status}
    >
      <img class="avatar" src="/favicon.svg" alt="" width={28} height={28} />
      <div class="msg-body" dir="auto">
        {sources.length > 0 && (
          <SourceList sources={sources} cited={message.citations} idPrefix={prefix} />
        )}
        {message.content
          ? <Markdown text={message.content} citeHref={citeHref} />
          : streaming && (
            <p class="msg-pending">
              <span class="dots" aria-hidden="true" />
              {sources.length ? "Writing the answer…" : "Searching the lore…"}
            </p>
          )}
        {message.status === "stopped" && <p class="msg-flag">Stopped before the end.</p>}
        {message.status === "error" && (
          <div class="msg-error" role="alert">
            <Icon name="alert" />
            <p>{message.error?.message ?? "Something went wrong."}</p>
            {errorAction}
          </div>
        )}
        {actions && <div class="msg-actions">{actions}</div>}
      </div>
    </article>
  );
}
