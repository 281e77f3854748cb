import assert from "node:assert/strict";
import { startTestServer } from "./support/server.ts";
import { CONTENT_SECURITY_POLICY } from "../lib/web/mod.ts";

Deno.test("HTTP hygiene", async (t) => {
  const server = await startTestServer({ env: { MAX_BODY_BYTES: "2048" } });
  const url = (path: string) => new URL(path, server.url);
  try {
    await t.step("/ serves the chat page with a hydrating island", async () => {
      const res = await fetch(url("/"));
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /text\/html/);
      const html = await res.text();
      assert.match(html, /<lorechat-island data-island="Chat"/);
      assert.match(html, /<script type="module" src="\/_islands\/boot-[A-Z0-9]+\.js"><\/script>/);
    });

    await t.step("a page without islands ships zero JavaScript", async () => {
      const html = await (await fetch(url("/about"))).text();
      assert.ok(!html.includes("<script"), "no script element at all");
      assert.ok(!html.includes("modulepreload"));
    });

    await t.step("every response carries the security headers", async () => {
      for (const path of ["/", "/api/health", "/nope", "/api/nope", "/styles.css"]) {
        const res = await fetch(url(path));
        await res.body?.cancel();
        assert.equal(res.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY, path);
        assert.ok(!CONTENT_SECURITY_POLICY.includes("unsafe-inline"));
        assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
        assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
        assert.ok(res.headers.get("referrer-policy"), path);
      }
    });

    await t.step("unknown API paths get JSON 404, other paths an HTML page", async () => {
      const api = await fetch(url("/api/nope"));
      assert.equal(api.status, 404);
      assert.equal((await api.json()).error.code, "not_found");
      const page = await fetch(url("/nope"));
      assert.equal(page.status, 404);
      assert.match(page.headers.get("content-type")!, /text\/html/);
      assert.match(await page.text(), /Page not found/);
    });

    await t.step("a method a route does not answer gets 405 with Allow", async () => {
      const res = await fetch(url("/api/health"), { method: "DELETE" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET, HEAD");
      assert.equal((await res.json()).error.code, "method_not_allowed");
    });

    await t.step("a body over the limit gets 413, with or without content-length", async () => {
      const big = "x".repeat(4096);
      const res = await fetch(url("/api/health"), { method: "POST", body: big });
      assert.equal(res.status, 413);
      assert.equal((await res.json()).error.code, "payload_too_large");
      const stream = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      });
      const chunked = await fetch(url("/api/health"), { method: "POST", body: stream });
      assert.equal(chunked.status, 413);
      await chunked.body?.cancel();
    });

    await t.step("request ids are echoed when safe and replaced when not", async () => {
      const ok = await fetch(url("/api/health"), { headers: { "x-request-id": "abc-123" } });
      await ok.body?.cancel();
      assert.equal(ok.headers.get("x-request-id"), "abc-123");
      const evil = await fetch(url("/api/health"), {
        headers: { "x-request-id": "a b<script>" + "x".repeat(100) },
      });
      await evil.body?.cancel();
      assert.match(evil.headers.get("x-request-id")!, /^[0-9a-f-]{36}$/);
    });

    await t.step("static files refuse traversal and hidden files", async () => {
      for (
        const path of [
          "/..%2f..%2fdeno.json",
          "/%2e%2e/deno.json",
          "/.env",
          "/_islands/%2e%2e%2f..%2fmain.ts",
        ]
      ) {
        const res = await fetch(url(path));
        await res.body?.cancel();
        assert.equal(res.status, 404, path);
      }
    });

    await t.step("hashed island bundles are cached forever; others briefly", async () => {
      const html = await (await fetch(url("/"))).text();
      const boot = /src="(\/_islands\/boot-[A-Z0-9]+\.js)"/.exec(html)![1];
      const js = await fetch(url(boot));
      await js.body?.cancel();
      assert.equal(js.status, 200);
      assert.match(js.headers.get("cache-control")!, /immutable/);
      assert.match(js.headers.get("content-type")!, /javascript/);
      const css = await fetch(url("/styles.css"));
      await css.body?.cancel();
      assert.doesNotMatch(css.headers.get("cache-control")!, /immutable/);
    });

    await t.step("text responses are compressed when the client accepts it", async () => {
      const res = await fetch(url("/styles.css"), { headers: { "accept-encoding": "gzip" } });
      await res.body?.cancel();
      assert.equal(res.headers.get("content-encoding"), "gzip");
    });

    await t.step("/api/health is cheap JSON with version and uptime", async () => {
      const body = await (await fetch(url("/api/health"))).json();
      assert.equal(body.status, "ok");
      assert.match(body.version, /^\d+\.\d+\.\d+/);
      assert.equal(typeof body.uptimeSeconds, "number");
    });
  } finally {
    await server.close();
  }
});
