/**
 * Sharing a conversation without a server: the conversation as compact JSON,
 * deflated, in base64url, carried in the URL fragment (`#share=…`) so it never
 * reaches a server log. Decoding treats the link as hostile: bounded inflation, and
 * the result validated like anything else read back. Also the Markdown export.
 *
 * @module
 */
import { type Conversation, normaliseConversation } from "./conversation.ts";

/** A share link that cannot be read. */
export class ShareError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ShareError";
  }
}

/** Largest inflated share payload accepted, in bytes. */
export const MAX_SHARE_BYTES = 1_000_000;
const HASH_KEY = "share=";

/** Bytes → base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url (padded or not) → bytes; throws {@linkcode ShareError} on bad input. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new ShareError("not base64url");
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, ""));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch (error) {
    throw new ShareError("not base64url", { cause: error });
  }
}

/**
 * Runs bytes through a (de)compression stream, feeding 1 KiB at a time so the output
 * can be counted as it grows: a tiny token that inflates to gigabytes is refused after
 * MAX_SHARE_BYTES, not after the whole expansion sits in memory.
 */
async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream) {
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  const feeding = (async () => {
    for (let at = 0; at < bytes.length; at += 1024) {
      await writer.write(bytes.subarray(at, at + 1024) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })();
  feeding.catch(() => {}); // a refused or corrupt stream surfaces through the reader
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_SHARE_BYTES) {
      await reader.cancel().catch(() => {});
      throw new ShareError("the shared conversation is too large");
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The fields worth sharing: no ids, scores or error details. */
function shareable(c: Conversation) {
  return {
    v: 1,
    title: c.title,
    messages: c.messages.map((m) => ({
      role: m.role,
      content: m.content,
      ...(m.sources?.length
        ? {
          sources: m.sources.map(({ n, title, url, heading, snippet }) => ({
            n,
            title,
            url,
            heading,
            snippet,
          })),
        }
        : {}),
      ...(m.citations?.length ? { citations: m.citations } : {}),
      ...(m.status === "stopped" || m.status === "streaming" ? { status: "stopped" } : {}),
    })).filter((m) => m.role === "user" || m.content),
  };
}

/**
 * Encodes a conversation as a URL-safe token: `z` + base64url(deflate-raw(JSON)).
 *
 * @example
 * ```ts
 * import { decodeShare, encodeShare } from "./share.ts";
 * const token = await encodeShare({
 *   id: "a", title: "Hi", createdAt: 0, updatedAt: 0, messages: [{ role: "user", content: "Hi" }],
 * });
 * const back = await decodeShare(token); // back.title === "Hi"
 * ```
 */
export async function encodeShare(conversation: Conversation): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(shareable(conversation)));
  return "z" + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** Decodes a token from {@linkcode encodeShare}; throws {@linkcode ShareError}. */
export async function decodeShare(token: string): Promise<Conversation> {
  if (!token.startsWith("z")) throw new ShareError("unknown share format");
  let value: unknown;
  try {
    const bytes = await pipe(fromBase64Url(token.slice(1)), new DecompressionStream("deflate-raw"));
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    if (error instanceof ShareError) throw error;
    throw new ShareError("the share link is damaged", { cause: error });
  }
  const conversation = normaliseConversation(value);
  if (!conversation) throw new ShareError("the share link holds no conversation");
  return conversation;
}

/** The share token in a URL fragment (`#share=…`), or null. */
export function readShareToken(hash: string): string | null {
  const at = hash.indexOf(HASH_KEY);
  return at === -1 ? null : hash.slice(at + HASH_KEY.length).split("&")[0] || null;
}

/** The link that opens `token` on the page at `base`. */
export function shareLink(base: string, token: string): string {
  return `${base.replace(/#.*$/, "")}#${HASH_KEY}${token}`;
}

/** The conversation as a Markdown document (for download). */
export function conversationToMarkdown(c: Conversation): string {
  const lines = [`# ${c.title.replace(/\s+/g, " ")}`, ""];
  for (const m of c.messages) {
    if (m.role === "user") {
      lines.push(`## Question`, "", m.content.trim(), "");
      continue;
    }
    lines.push(`## Answer`, "", m.content.trim() || "_(no answer)_", "");
    if (m.status === "stopped") lines.push("_(stopped before the end)_", "");
    if (m.status === "error" && m.error) lines.push(`_(error: ${m.error.message})_`, "");
    if (m.sources?.length) {
      lines.push("Sources:", "");
      for (const s of m.sources) {
        const where = s.heading && s.heading !== s.title ? ` — ${s.heading}` : "";
        lines.push(`${s.n}. [${s.title.replace(/[[\]]/g, "")}](<${s.url}>)${where}`);
      }
      lines.push("");
    }
  }
  return lines.join("\n").trimEnd() + "\n";
}
