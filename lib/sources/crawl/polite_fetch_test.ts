import assert from "node:assert/strict";
import { FetchError, PoliteFetcher, retryAfterMs, virtualClock } from "./polite_fetch.ts";

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

/** A fetch that answers from `handler` and records what it was asked. */
function scripted(handler: Handler) {
  const calls: { url: string; headers: Headers }[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, headers: new Headers(init.headers) });
    return await handler(url, init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const redirect = (to: string) => new Response(null, { status: 302, headers: { location: to } });

Deno.test("PoliteFetcher follows redirects, forwarding validators, and names a loop", async () => {
  const { fetch, calls } = scripted((url) => {
    if (url.endsWith("/a")) return redirect("/b");
    if (url.endsWith("/b")) return redirect("/c#frag");
    if (url.endsWith("/c")) return new Response("page");
    if (url.endsWith("/x")) return redirect("/y");
    return redirect("/x");
  });
  const fetcher = new PoliteFetcher({ fetch, clock: virtualClock(), delayMs: 0 });
  const res = await fetcher.get("http://lore.test/a", { headers: { "if-none-match": '"v1"' } });
  assert.equal(res.url, "http://lore.test/c");
  assert.equal(new TextDecoder().decode(res.body), "page");
  assert.ok(calls.every((c) => c.headers.get("if-none-match") === '"v1"'));
  assert.ok(calls.every((c) => /LoreChat/.test(c.headers.get("user-agent") ?? "")));
  await assert.rejects(
    fetcher.get("http://lore.test/x"),
    (e) =>
      e instanceof FetchError && e.kind === "redirect_loop" &&
      /\/x → .*\/y → .*\/x/.test(e.message),
  );
});

Deno.test("PoliteFetcher refuses a redirect the caller does not allow", async () => {
  const { fetch, calls } = scripted(() => redirect("http://elsewhere.test/"));
  const fetcher = new PoliteFetcher({ fetch, clock: virtualClock() });
  await assert.rejects(
    fetcher.get("http://lore.test/a", { allowRedirect: (u) => u.host === "lore.test" }),
    (e) => e instanceof FetchError && e.kind === "offsite_redirect",
  );
  assert.equal(calls.length, 1, "the other host is never asked");
});

Deno.test("PoliteFetcher retries 5xx with doubling backoff and 429 after its Retry-After date", async () => {
  const clock = virtualClock();
  let n = 0;
  const { fetch } = scripted(() => {
    n++;
    if (n <= 2) return new Response("busy", { status: 503 });
    if (n === 3) {
      const at = new Date(clock.now() + 30_000).toUTCString();
      return new Response("slow", { status: 429, headers: { "retry-after": at } });
    }
    return new Response("ok");
  });
  const fetcher = new PoliteFetcher({ fetch, clock, delayMs: 0, retryBaseMs: 1000 });
  const res = await fetcher.get("http://lore.test/p");
  assert.equal(res.status, 200);
  assert.deepEqual(clock.slept, [1000, 2000, 30_000]);
});

Deno.test("PoliteFetcher gives back the last status when retries run out, and names a dead host", async () => {
  const { fetch } = scripted(() => new Response("down", { status: 502 }));
  const fetcher = new PoliteFetcher({ fetch, clock: virtualClock(), maxRetries: 2 });
  assert.equal((await fetcher.get("http://lore.test/p")).status, 502);
  assert.equal(fetcher.requests, 3);
  const dead = scripted(() => Promise.reject(new TypeError("connection refused")));
  const fetcher2 = new PoliteFetcher({ fetch: dead.fetch, clock: virtualClock(), maxRetries: 1 });
  await assert.rejects(
    fetcher2.get("http://lore.test/p"),
    (e) => e instanceof FetchError && e.kind === "network" && /connection refused/.test(e.message),
  );
  assert.equal(dead.calls.length, 2);
});

Deno.test("PoliteFetcher stops reading a body past maxBytes, without retrying", async () => {
  const { fetch, calls } = scripted(() => new Response("x".repeat(5000)));
  const fetcher = new PoliteFetcher({ fetch, clock: virtualClock(), maxBytes: 1000 });
  await assert.rejects(
    fetcher.get("http://lore.test/big"),
    (e) => e instanceof FetchError && e.kind === "too_large",
  );
  assert.equal(calls.length, 1);
});

Deno.test("PoliteFetcher spaces requests to one host, not across hosts, and honours Crawl-delay", async () => {
  const clock = virtualClock();
  const { fetch } = scripted(() => new Response("ok"));
  const fetcher = new PoliteFetcher({ fetch, clock, delayMs: 500, concurrency: 1 });
  await fetcher.get("http://a.test/1");
  await fetcher.get("http://b.test/1");
  await fetcher.get("http://a.test/2");
  assert.deepEqual(clock.slept, [500], "only the second request to a.test waits");
  fetcher.slowHost("a.test", 4000);
  await fetcher.get("http://a.test/3"); // its slot was reserved under the old delay
  await fetcher.get("http://a.test/4");
  assert.equal(clock.slept.at(-1), 4000);
});

Deno.test("PoliteFetcher keeps at most `concurrency` requests in flight", async () => {
  let active = 0;
  let peak = 0;
  const { fetch } = scripted(async () => {
    peak = Math.max(peak, ++active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
    return new Response("ok");
  });
  const fetcher = new PoliteFetcher({ fetch, clock: virtualClock(), delayMs: 0, concurrency: 2 });
  await Promise.all([1, 2, 3, 4, 5].map((i) => fetcher.get(`http://lore.test/${i}`)));
  assert.equal(peak, 2);
});

Deno.test("retryAfterMs reads seconds and HTTP dates", () => {
  const now = Date.UTC(2026, 0, 1);
  assert.equal(retryAfterMs("120", now), 120_000);
  assert.equal(retryAfterMs(new Date(now + 5000).toUTCString(), now), 5000);
  assert.equal(retryAfterMs("soon", now), null);
  assert.equal(retryAfterMs(null, now), null);
});
