import assert from "node:assert/strict";
import { AdminAuth, SESSION_TTL_MS } from "./admin_auth.ts";

const TOKEN = "a-long-enough-admin-token";

Deno.test("sessions are signed, expire, and do not survive a change of token", async () => {
  let now = 1_000_000;
  const auth = new AdminAuth({ token: TOKEN, now: () => now });
  const session = await auth.newSession();
  assert.ok(await auth.validSession(session));
  assert.ok(!await auth.validSession(session.replace(/.$/, (c) => (c === "A" ? "B" : "A"))));
  assert.ok(!await new AdminAuth({ token: `${TOKEN}-2`, now: () => now }).validSession(session));
  now += SESSION_TTL_MS + 1;
  assert.ok(!await auth.validSession(session), "expired");
});

Deno.test("cookie writes need this site's origin; bearer scripts need none", async () => {
  const auth = new AdminAuth({ token: TOKEN });
  const cookie = `lorechat_admin=${await auth.newSession()}`;
  const req = (headers: Record<string, string>, method = "POST") =>
    new Request("http://lore.test/api/collections", {
      method,
      headers: { host: "lore.test", ...headers },
    });
  assert.deepEqual(await auth.check(req({ cookie, origin: "http://lore.test" }), "c"), {
    ok: true,
    via: "cookie",
  });
  assert.equal((await auth.check(req({ cookie, origin: "https://lore.test" }), "c")).ok, false);
  assert.equal((await auth.check(req({ cookie, origin: "http://evil.test" }), "c")).ok, false);
  assert.equal((await auth.check(req({ cookie, "sec-fetch-site": "cross-site" }), "c")).ok, false);
  assert.equal((await auth.check(req({ cookie, "sec-fetch-site": "same-origin" }), "c")).ok, true);
  assert.equal((await auth.check(req({ cookie }, "GET"), "c")).ok, true, "reads need no origin");
  assert.equal(
    (await auth.check(req({ authorization: `Bearer ${TOKEN}` }), "c")).ok,
    true,
  );
});

Deno.test("the cookie is Secure behind HTTPS (when the proxy is trusted)", () => {
  const auth = new AdminAuth({ token: TOKEN, trustProxy: true });
  const plain = new Request("http://lore.test/");
  const proxied = new Request("http://lore.test/", { headers: { "x-forwarded-proto": "https" } });
  assert.doesNotMatch(auth.sessionCookie("v", plain), /Secure/);
  assert.match(auth.sessionCookie("v", proxied), /; Secure/);
  assert.match(auth.sessionCookie("v", new Request("https://lore.test/")), /; Secure/);
});

Deno.test("wrong tokens lock a client out for the window; others are unaffected", () => {
  let now = 0;
  const auth = new AdminAuth({ token: TOKEN, maxFailures: 3, windowMs: 60_000, now: () => now });
  for (let i = 0; i < 3; i++) assert.equal(auth.checkToken("guess", "mallory"), false);
  assert.ok(auth.blockedFor("mallory") > 0);
  assert.equal(auth.blockedFor("alice"), 0);
  now += 60_001;
  assert.equal(auth.blockedFor("mallory"), 0);
});
