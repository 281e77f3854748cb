/**
 * The gate in front of every admin route: 404 when there is no admin area
 * (`ADMIN_TOKEN` unset), otherwise the session cookie or bearer token checked, the
 * origin checked on state-changing requests, and wrong tokens rate-limited.
 *
 * @module
 */
import { z } from "zod";
import type { Collections } from "../collections/mod.ts";
import { jsonError } from "../web/mod.ts";
import type { AppState } from "./state.ts";

/** The admin area's services when the request may use them, or the refusal. */
export async function guardAdmin(
  ctx: { req: Request; state: AppState; remoteAddr: string },
): Promise<{ collections: Collections } | { refusal: Response }> {
  const collections = ctx.state.collections;
  if (!collections?.auth) return { refusal: jsonError(404, "not_found", "No such endpoint.") };
  const verdict = await collections.auth.check(ctx.req, ctx.remoteAddr);
  if (verdict.ok) return { collections };
  const headers = verdict.retryAfter ? { "retry-after": String(verdict.retryAfter) } : undefined;
  return { refusal: jsonError(verdict.status, verdict.code, verdict.message, headers) };
}

/** Reads a JSON body against `schema`; a 400/415 with the reason when it does not fit. */
export async function readJson<T>(
  req: Request,
  schema: z.ZodType<T>,
): Promise<{ value: T } | { refusal: Response }> {
  if (!/^application\/(.+\+)?json\b/i.test(req.headers.get("content-type") ?? "")) {
    return {
      refusal: jsonError(415, "unsupported_media_type", "Content-Type must be application/json"),
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await req.text());
  } catch {
    return { refusal: jsonError(400, "invalid_request", "the body is not valid JSON") };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  const reason = parsed.error.issues.slice(0, 5)
    .map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  return { refusal: jsonError(400, "invalid_request", reason) };
}

/** The editable fields of a collection, as the API takes them. */
export const collectionFieldsSchema = z.object({
  title: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(2_000).optional(),
  persona: z.string().max(2_000).optional(),
  suggestions: z.array(z.string().trim().min(1).max(200)).max(8).optional(),
}).strict();

/** The body of `POST /api/collections`. */
export const createCollectionSchema = collectionFieldsSchema.extend({
  name: z.string().min(1).max(40),
}).strict();
