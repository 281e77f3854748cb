/**
 * Validation of chat requests, shared by `/api/chat` and the no-JS form: limits on
 * message count and length, and a reason for every refusal.
 *
 * @module
 */
import { z } from "zod";

/** Most messages a request may carry. */
export const MAX_MESSAGES = 50;
/** Longest single message, in characters. */
export const MAX_MESSAGE_CHARS = 8_000;
/** Longest conversation, in characters. */
export const MAX_TOTAL_CHARS = 64_000;

const message = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().trim().min(1, "must not be empty").max(MAX_MESSAGE_CHARS),
});

/** The body of `POST /api/chat`. */
export const chatRequestSchema = z.object({
  messages: z.array(message).min(1).max(MAX_MESSAGES).refine(
    (ms) => ms.at(-1)?.role === "user",
    "the last message must be from the user",
  ).refine(
    (ms) => ms.reduce((n, m) => n + m.content.length, 0) <= MAX_TOTAL_CHARS,
    `the conversation must be at most ${MAX_TOTAL_CHARS} characters`,
  ),
  /** The collection to ask (the default when absent). */
  collection: z.string().min(1).max(64).optional(),
  options: z.object({
    provider: z.string().max(64).optional(),
    model: z.string().max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(16).max(8_192).optional(),
  }).strict().optional(),
}).strict();

/** A valid chat request. */
export type ChatRequest = z.output<typeof chatRequestSchema>;

/** Outcome of parsing: the request, or a reason fit for a 400. */
export type ParsedChatRequest = { ok: true; value: ChatRequest } | { ok: false; reason: string };

/** Validates an already-decoded JSON value. */
export function parseChatRequest(value: unknown): ParsedChatRequest {
  const fast = validChatRequest(value);
  if (fast) return { ok: true, value: fast };
  const result = chatRequestSchema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const reason = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`)
    .join("; ");
  return { ok: false, reason };
}

/**
 * Reads and validates a request body as JSON. Bodies are already size-limited by the
 * app (413); this adds the content-type, JSON and schema checks.
 */
export async function readChatRequest(
  req: Request,
): Promise<ParsedChatRequest & { status?: number }> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    return { ok: false, reason: "Content-Type must be application/json", status: 415 };
  }
  let value: unknown;
  try {
    value = JSON.parse(await req.text());
  } catch {
    return { ok: false, reason: "the body is not valid JSON" };
  }
  return parseChatRequest(value);
}

const OPTION_KEYS = new Set(["provider", "model", "temperature", "maxTokens"]);

/**
 * A valid request as {@linkcode chatRequestSchema} outputs it, checked by hand — or null,
 * and the schema judges (and words the reason). The schema's checks cost a serving worker
 * more than the rest of reading a request; this accepts exactly what it accepts
 * (`chat_request_test.ts` holds the two side by side), so the valid requests most traffic
 * sends skip it.
 */
export function validChatRequest(value: unknown): ChatRequest | null {
  if (!isRecord(value)) return null;
  for (const key in value) {
    if (key !== "messages" && key !== "collection" && key !== "options") return null;
  }
  const messages = validMessages(value.messages);
  if (!messages) return null;
  const out: ChatRequest = { messages };
  const { collection, options } = value;
  if ("collection" in value) {
    if (typeof collection !== "string" || collection.length < 1 || collection.length > 64) {
      return null;
    }
    out.collection = collection;
  }
  if ("options" in value) {
    const valid = validOptions(options);
    if (!valid) return null;
    out.options = valid;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validMessages(value: unknown): ChatRequest["messages"] | null {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_MESSAGES) return null;
  const out: ChatRequest["messages"] = [];
  let total = 0;
  for (const m of value) {
    if (!isRecord(m) || (m.role !== "user" && m.role !== "assistant")) return null;
    if (typeof m.content !== "string") return null;
    const content = m.content.trim();
    if (content.length < 1 || content.length > MAX_MESSAGE_CHARS) return null;
    total += content.length;
    out.push({ role: m.role, content });
  }
  return out[out.length - 1].role === "user" && total <= MAX_TOTAL_CHARS ? out : null;
}

function validOptions(value: unknown): ChatRequest["options"] | null {
  if (!isRecord(value)) return null;
  for (const key in value) if (!OPTION_KEYS.has(key)) return null;
  const { provider, model, temperature, maxTokens } = value;
  const out: NonNullable<ChatRequest["options"]> = {};
  if ("provider" in value) {
    if (typeof provider !== "string" || provider.length > 64) return null;
    out.provider = provider;
  }
  if ("model" in value) {
    if (typeof model !== "string" || model.length > 200) return null;
    out.model = model;
  }
  if ("temperature" in value) {
    if (typeof temperature !== "number" || !(temperature >= 0 && temperature <= 2)) return null;
    out.temperature = temperature;
  }
  if ("maxTokens" in value) {
    if (
      typeof maxTokens !== "number" || !Number.isSafeInteger(maxTokens) || maxTokens < 16 ||
      maxTokens > 8_192
    ) return null;
    out.maxTokens = maxTokens;
  }
  return out;
}
