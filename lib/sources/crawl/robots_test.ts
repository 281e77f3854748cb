import assert from "node:assert/strict";
import { loadRobots, parseRobots } from "./robots.ts";
import { PoliteFetcher, virtualClock } from "./polite_fetch.ts";

const TEXT = `User-agent: *
Disallow: /private/
Crawl-delay: 1

User-agent: LoreChat
Disallow: /drafts/
Allow: /drafts/public
Crawl-delay: 3

Sitemap: https://lore.example/sitemap.xml
`;

Deno.test("parseRobots applies LoreChat's own group, its Crawl-delay and the sitemaps", () => {
  const rules = parseRobots("https://lore.example/robots.txt", TEXT);
  assert.equal(rules.allows("https://lore.example/drafts/x"), false);
  assert.equal(rules.allows("https://lore.example/drafts/public"), true);
  assert.equal(rules.allows("https://lore.example/private/x"), true, "the * group does not apply");
  assert.equal(rules.crawlDelayMs, 3000);
  assert.deepEqual(rules.sitemaps, ["https://lore.example/sitemap.xml"]);
});

function fetcherAnswering(status: number, body = "") {
  const fetch = (() => Promise.resolve(new Response(body, { status }))) as typeof globalThis.fetch;
  return new PoliteFetcher({ fetch, clock: virtualClock(), maxRetries: 0 });
}

Deno.test("loadRobots: a 404 allows all, a 5xx blocks all, a 200 is parsed", async () => {
  assert.equal(
    (await loadRobots("https://lore.example", fetcherAnswering(404))).allows(
      "https://lore.example/x",
    ),
    true,
  );
  const blocked = await loadRobots("https://lore.example", fetcherAnswering(500));
  assert.equal(blocked.allows("https://lore.example/x"), false);
  assert.match(blocked.blockedReason!, /500/);
  const parsed = await loadRobots("https://lore.example", fetcherAnswering(200, TEXT));
  assert.equal(parsed.allows("https://lore.example/drafts/x"), false);
});
