/**
 * The chat UI's browser-safe core, shared by the Chat island and the server-rendered
 * no-JS page: Markdown rendering sanitised by construction, the SSE client, the chat
 * session (state and actions), history in browser storage, and share links.
 *
 * @module
 */
export { type MarkdownOptions, renderMarkdown } from "./markdown.ts";
export { decodeText, type Inline, parseInline, safeHref } from "./markdown_inline.ts";
export { type Align, type Block, parseBlocks } from "./markdown_blocks.ts";
export { createSseParser, readSse, type SseMessage, type SseParser } from "./sse.ts";
export {
  type ChatOptions,
  ChatRequestError,
  type DoneInfo,
  fetchInfo,
  type ServiceInfo,
  streamChat,
  type StreamEvent,
} from "./chat_api.ts";
export {
  type Conversation,
  LIMITS,
  type MessageStatus,
  normaliseConversation,
  normaliseMessage,
  normaliseSources,
  type Source,
  titleFor,
  type UiMessage,
} from "./conversation.ts";
export {
  type ConversationSummary,
  createHistoryStore,
  type HistoryOptions,
  type HistoryStore,
  memoryStorage,
  type StorageLike,
} from "./history.ts";
export {
  conversationToMarkdown,
  decodeShare,
  encodeShare,
  MAX_SHARE_BYTES,
  readShareToken,
  ShareError,
  shareLink,
} from "./share.ts";
export {
  type ChatSession,
  type ChatSessionDeps,
  createChatSession,
  plainText,
} from "./chat_session.ts";
