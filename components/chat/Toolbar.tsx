import type { ComponentChildren } from "preact";
import { Icon } from "../Icon.tsx";

/** Props of {@linkcode Toolbar}. */
export interface ToolbarProps {
  title: string;
  /** JavaScript is running: the buttons work. Without it only the title shows. */
  enhanced: boolean;
  sidebarOpen: boolean;
  onToggleSidebar: () => void;
  /** There is a settled conversation to share or download. */
  canExport: boolean;
  onShare: () => void;
  onDownload: () => void;
  /** The settings control, when there is anything to set. */
  settings?: ComponentChildren;
}

/** The bar above the conversation: history toggle (phones), title, share, download, settings. */
export function Toolbar(props: ToolbarProps) {
  const { enhanced } = props;
  return (
    <header class="chat-toolbar">
      {enhanced && (
        <button
          type="button"
          class="icon-btn sidebar-toggle"
          aria-label="Chat history"
          aria-controls="history"
          aria-expanded={props.sidebarOpen ? "true" : "false"}
          onClick={props.onToggleSidebar}
        >
          <Icon name="menu" />
        </button>
      )}
      <h1 id="chat-title" class="chat-title">{props.title}</h1>
      {enhanced && props.canExport && (
        <>
          <button type="button" class="tool-btn" onClick={props.onShare} aria-label="Share">
            <Icon name="share" />
            <span class="tool-label">Share</span>
          </button>
          <button
            type="button"
            class="tool-btn"
            aria-label="Download as Markdown"
            onClick={props.onDownload}
          >
            <Icon name="download" />
            <span class="tool-label">Download</span>
          </button>
        </>
      )}
      {enhanced && props.settings}
    </header>
  );
}
