import { z } from "zod";
import { define } from "../../../lib/app/state.ts";
import { readJson } from "../../../lib/app/admin_guard.ts";
import { readCookie, SESSION_COOKIE } from "../../../lib/collections/mod.ts";
import { jsonError } from "../../../lib/web/mod.ts";

const signIn = z.object({ token: z.string().min(1).max(1_000) }).strict();

/**
 * Admin sign-in (`POST {token}` → session cookie), sign-out (`DELETE`) and whether this
 * browser is signed in (`GET`). 404 when `ADMIN_TOKEN` is unset.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const auth = ctx.state.collections?.auth;
    if (!auth) return jsonError(404, "not_found", "No such endpoint.");
    const cookie = readCookie(ctx.req.headers.get("cookie"), SESSION_COOKIE);
    const signedIn = cookie ? await auth.validSession(cookie) : false;
    return Response.json({ signedIn }, { headers: { "cache-control": "no-store" } });
  },
  async POST(ctx) {
    const auth = ctx.state.collections?.auth;
    if (!auth) return jsonError(404, "not_found", "No such endpoint.");
    if (!auth.sameOrigin(ctx.req)) {
      return jsonError(403, "cross_origin", "This request did not come from this site.");
    }
    const wait = auth.blockedFor(ctx.remoteAddr);
    if (wait > 0) {
      return jsonError(429, "rate_limited", "Too many failed sign-in attempts. Try again later.", {
        "retry-after": String(wait),
      });
    }
    const body = await readJson(ctx.req, signIn);
    if ("refusal" in body) return body.refusal;
    if (!auth.checkToken(body.value.token, ctx.remoteAddr)) {
      return jsonError(401, "unauthorized", "Wrong admin token.");
    }
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": auth.sessionCookie(await auth.newSession(), ctx.req) },
    });
  },
  DELETE(ctx) {
    const auth = ctx.state.collections?.auth;
    if (!auth) return jsonError(404, "not_found", "No such endpoint.");
    if (!auth.sameOrigin(ctx.req)) {
      return jsonError(403, "cross_origin", "This request did not come from this site.");
    }
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": auth.clearCookie(ctx.req) },
    });
  },
});
