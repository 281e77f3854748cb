/**
 * The chat UI's data: messages as the reader sees them (with sources, status and
 * timings), conversations as they are stored and shared, and the one function that
 * turns untrusted JSON (localStorage, a share link, island props) into them.
 *
 * @module
 */

/** A source card, as the `sources` event sends it. */
export interface Source {
  n: number;
  id?: string;
  title: string;
  url: string;
  heading: string;
  snippet: string;
  score?: number;
  /** This site's reader page of the passage (`/c/<name>/sources/<id>#chunk-<n>`). */
  reader?: string;
}

/** Where an assistant message is in its life. */
export type MessageStatus = "streaming" | "done" | "stopped" | "error";

/** One message of a conversation as the UI shows it. */
export interface UiMessage {
  role: "user" | "assistant";
  content: string;
  sources?: Source[];
  citations?: number[];
  status?: MessageStatus;
  error?: { code: string; message: string };
  /** Who answered and how long it took, from the `done` event. */
  meta?: { provider: string; model: string; totalMs: number };
}

/** A conversation as stored in history. */
export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: UiMessage[];
  /** The collection it talks to (the default when absent). */
  collection?: string;
}

/** Limits applied to anything read back from storage or a share link. */
export const LIMITS = {
  messages: 200,
  contentChars: 20_000,
  sources: 24,
  titleChars: 120,
  fieldChars: 2_000,
};

const str = (v: unknown, max: number): string => (typeof v === "string" ? v.slice(0, max) : "");
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** A title for a conversation: its first question, shortened. */
export function titleFor(messages: UiMessage[]): string {
  const first = messages.find((m) => m.role === "user")?.content.trim().replace(/\s+/g, " ");
  if (!first) return "New chat";
  return first.length > 60 ? `${first.slice(0, 57).trimEnd()}…` : first;
}

function normaliseSource(value: unknown): Source | null {
  if (!value || typeof value !== "object") return null;
  const s = value as Record<string, unknown>;
  const n = num(s.n);
  if (!Number.isInteger(n) || n < 1 || n > 999) return null;
  return {
    n,
    title: str(s.title, LIMITS.fieldChars) || `Source ${n}`,
    url: str(s.url, LIMITS.fieldChars),
    heading: str(s.heading, LIMITS.fieldChars),
    snippet: str(s.snippet, LIMITS.fieldChars),
    ...(/^\/c\/[a-z0-9-]+\/sources\/[^\s"<>]+$/.test(str(s.reader, LIMITS.fieldChars))
      ? { reader: s.reader as string }
      : {}),
  };
}

/** Validates a list of source cards, dropping what is not one. */
export function normaliseSources(value: unknown): Source[] {
  return Array.isArray(value)
    ? value.slice(0, LIMITS.sources).map(normaliseSource).filter((s): s is Source => s !== null)
    : [];
}

/** Validates one message; null when it is not one. Streaming ones come back stopped. */
export function normaliseMessage(value: unknown): UiMessage | null {
  if (!value || typeof value !== "object") return null;
  const m = value as Record<string, unknown>;
  if (m.role !== "user" && m.role !== "assistant") return null;
  const out: UiMessage = { role: m.role, content: str(m.content, LIMITS.contentChars) };
  if (m.role === "user") return out.content.trim() ? out : null;
  if (Array.isArray(m.sources)) out.sources = normaliseSources(m.sources);
  if (Array.isArray(m.citations)) {
    out.citations = m.citations.filter((n) => Number.isInteger(n)).slice(0, LIMITS.sources);
  }
  const status = m.status;
  out.status = status === "error" || status === "stopped"
    ? status
    : status === "streaming"
    ? "stopped"
    : "done";
  const error = m.error as Record<string, unknown> | undefined;
  if (out.status === "error") {
    out.error = {
      code: str(error?.code, 64) || "error",
      message: str(error?.message, 500) || "Something went wrong.",
    };
  }
  const meta = m.meta as Record<string, unknown> | undefined;
  if (meta && typeof meta === "object") {
    out.meta = {
      provider: str(meta.provider, 64),
      model: str(meta.model, 200),
      totalMs: num(meta.totalMs),
    };
  }
  return out;
}

/** Validates a conversation from untrusted JSON; null when it has no usable message. */
export function normaliseConversation(value: unknown): Conversation | null {
  if (!value || typeof value !== "object") return null;
  const c = value as Record<string, unknown>;
  if (!Array.isArray(c.messages)) return null;
  const messages = c.messages.slice(0, LIMITS.messages).map(normaliseMessage)
    .filter((m): m is UiMessage => m !== null);
  if (messages.length === 0) return null;
  const id = str(c.id, 64);
  const collection = str(c.collection, 40);
  return {
    ...(/^[a-z0-9-]+$/.test(collection) ? { collection } : {}),
    id: /^[\w-]{1,64}$/.test(id) ? id : "",
    title: str(c.title, LIMITS.titleChars).trim() || titleFor(messages),
    createdAt: num(c.createdAt),
    updatedAt: num(c.updatedAt),
    messages,
  };
}
