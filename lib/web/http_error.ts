/**
 * JSON error responses in one shape for every API route:
 * `{"error": {"code": "...", "message": "..."}}`.
 *
 * @module
 */

/** A JSON error response; `message` is a sentence fit for the user. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}
