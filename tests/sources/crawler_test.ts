import assert from "node:assert/strict";
import {
  type CrawlOptions,
  crawlSite,
  CrawlState,
  readUrl,
  virtualClock,
} from "../../lib/sources/crawl/mod.ts";
import { startFakeSite } from "../fakes/site_server.ts";
import {
  isSourceFailure,
  type SourceDocument,
  type SourceEntry,
  type SourceFailure,
} from "../../lib/ingest/mod.ts";
import { LORE_PAGES, startLoreSite } from "./lore_site.ts";

async function collect(iterable: AsyncIterable<SourceEntry>) {
  const docs: SourceDocument[] = [];
  const failures: SourceFailure[] = [];
  for await (const entry of iterable) {
    if (isSourceFailure(entry)) failures.push(entry);
    else docs.push(entry);
  }
  return { docs, failures };
}

const paths = (docs: SourceDocument[]) => docs.map((d) => new URL(d.url).pathname).sort();

Deno.test("crawlSite honours robots, sitemaps, origins, retries and redirect loops; a re-crawl asks only 'changed since?'", async (t) => {
  const site = await startLoreSite();
  const state = new CrawlState(":memory:");
  const clock = virtualClock();
  const options: CrawlOptions = { state, clock, delayMs: 100, concurrency: 2, maxDepth: 1 };
  try {
    site.failNext("/lore/flaky", 1, 429, { "retry-after": "7" });
    const first = await collect(crawlSite(`${site.origin}/`, options));

    await t.step("every lore page within depth becomes a document named by its final URL", () => {
      assert.deepEqual(paths(first.docs), [...LORE_PAGES].sort());
      const city = first.docs.find((d) => d.url.endsWith("/lore/city"))!;
      assert.equal(city.id, city.url);
      assert.equal(city.title, "Ombrel");
      assert.match(city.markdown, /Reeve Halvard Mott/);
      assert.doesNotMatch(city.markdown, /fan site/, "the footer is cleaned away");
      assert.equal(
        first.docs.filter((d) => d.url.endsWith("/lore/city")).length,
        1,
        "redirect is deduplicated",
      );
    });

    await t.step(
      "robots.txt disallow, other hosts, pictures and depth limits are not fetched",
      () => {
        assert.equal(site.hits("/private/secret").length, 0);
        assert.equal(site.hits("/offsite").length, 0);
        assert.ok(site.requests.every((r) => r.host === `127.0.0.1:${site.port}`));
        assert.equal(site.hits("/map.png").length, 0);
        assert.equal(site.hits("/lore/deep").length, 0, "depth 2 is beyond maxDepth 1");
      },
    );

    await t.step("a 429 is retried after its Retry-After, and everything names LoreChat", () => {
      assert.deepEqual(site.hits("/lore/flaky").map((r) => r.status), [429, 200]);
      assert.ok(clock.slept.some((ms) => ms >= 7000), `slept ${clock.slept}`);
      assert.ok(site.requests.every((r) => /LoreChat/.test(r.userAgent)));
    });

    await t.step(
      "the sitemap index, both sitemaps (one gzipped) and the orphan page are read",
      () => {
        for (const p of ["/sitemap_index.xml", "/sitemap-lore.xml", "/sitemap-more.xml.gz"]) {
          assert.equal(site.hits(p).length, 1, p);
        }
        assert.equal(site.hits("/lore/orphan")[0].status, 200);
      },
    );

    await t.step("a redirect loop is reported as a failure and the crawl goes on", () => {
      assert.equal(first.failures.length, 1);
      assert.match(first.failures[0].reason, /redirect loop/);
      assert.match(first.failures[0].id, /\/loop-a$/);
    });

    await t.step("a second crawl of the unchanged site downloads no page again", async () => {
      const before = site.requests.length;
      const second = await collect(crawlSite(`${site.origin}/`, options));
      const again = site.requests.slice(before);
      const bodies = again.filter((r) => r.status === 200 && r.path !== "/robots.txt");
      assert.deepEqual(bodies.map((r) => r.path), []);
      assert.ok(again.filter((r) => r.status === 304).length >= LORE_PAGES.length + 3);
      assert.deepEqual(
        second.docs.map((d) => [d.id, d.contentHash]).sort(),
        first.docs.map((d) => [d.id, d.contentHash]).sort(),
      );
    });

    await t.step(
      "a changed page is downloaded and handed on changed; the rest stay 304",
      async () => {
        site.set("/lore/city", {
          etag: '"city-2"',
          body:
            "<title>Ombrel</title><main><p>Ombrel is ruled by the Tide Council and Reeve Ada Quill since the flood of 1201.</p></main>",
        });
        const before = site.requests.length;
        const third = await collect(crawlSite(`${site.origin}/`, options));
        const bodies = site.requests.slice(before).filter((r) =>
          r.status === 200 && r.path !== "/robots.txt"
        );
        // Fetched directly, and again through /lore/moved (whose check names the old ETag).
        assert.deepEqual([...new Set(bodies.map((r) => r.path))], ["/lore/city"]);
        assert.match(third.docs.find((d) => d.url.endsWith("/lore/city"))!.markdown, /Ada Quill/);
      },
    );
  } finally {
    state.close();
    await site.close();
  }
});

Deno.test("an interrupted crawl resumes where it stopped without fetching finished pages again", async () => {
  const site = await startLoreSite();
  const dir = await Deno.makeTempDir({ prefix: "lorechat-crawl-" });
  const options = { clock: virtualClock(), delayMs: 0, concurrency: 1, maxDepth: 1 };
  try {
    let state = new CrawlState(`${dir}/state.sqlite`);
    const early: string[] = [];
    for await (const entry of crawlSite(`${site.origin}/`, { ...options, state })) {
      early.push(entry.id);
      if (early.length === 2) break;
    }
    state.close();
    state = new CrawlState(`${dir}/state.sqlite`); // as a new process would
    const before = site.requests.length;
    const resumed = await collect(crawlSite(`${site.origin}/`, { ...options, state }));
    state.close();
    assert.deepEqual(
      paths(resumed.docs),
      [...LORE_PAGES].sort(),
      "the resumed run hands on every page",
    );
    const refetched = site.requests.slice(before).map((r) => r.path);
    for (const id of early) {
      assert.ok(!refetched.includes(new URL(id).pathname), `${id} was not fetched again`);
    }
    for (const p of ["/sitemap_index.xml", "/sitemap-lore.xml"]) assert.ok(!refetched.includes(p));
  } finally {
    await site.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("maxPages bounds a crawl", async () => {
  const site = await startLoreSite();
  try {
    const run = await collect(crawlSite(`${site.origin}/`, { clock: virtualClock(), maxPages: 2 }));
    assert.equal(run.docs.length + run.failures.length, 2);
  } finally {
    await site.close();
  }
});

Deno.test("a robots.txt that answers 503 stops the crawl with a reason", async () => {
  const site = await startLoreSite();
  const state = new CrawlState(":memory:");
  const options = { clock: virtualClock(), maxRetries: 1, maxDepth: 1, state };
  try {
    site.set("/robots.txt", { body: "down", status: 503 });
    const run = await collect(crawlSite(`${site.origin}/`, options));
    assert.equal(run.docs.length, 0);
    assert.match(run.failures[0].reason, /robots\.txt answered 503/);
    assert.deepEqual(site.requests.map((r) => r.path), ["/robots.txt", "/robots.txt"]);
    site.set("/robots.txt", {
      body: `User-agent: *\nDisallow: /private/\nSitemap: ${site.origin}/sitemap_index.xml\n`,
      contentType: "text/plain",
    });
    const later = await collect(crawlSite(`${site.origin}/`, options));
    assert.equal(later.docs.length, LORE_PAGES.length, "once robots.txt is back, the crawl runs");
  } finally {
    state.close();
    await site.close();
  }
});

Deno.test("an aborted crawl throws and leaves its run to resume, not to start over", async () => {
  const site = await startLoreSite();
  const state = new CrawlState(":memory:");
  const options = { clock: virtualClock(), delayMs: 0, concurrency: 1, maxDepth: 1, state };
  try {
    const controller = new AbortController();
    await assert.rejects(async () => {
      for await (
        const _ of crawlSite(`${site.origin}/`, { ...options, signal: controller.signal })
      ) {
        controller.abort(new Error("interrupted"));
      }
    }, /interrupted/);
    const before = site.requests.length;
    const resumed = await collect(crawlSite(`${site.origin}/`, options));
    assert.deepEqual(paths(resumed.docs), [...LORE_PAGES].sort());
    const again = site.requests.slice(before).map((r) => r.path);
    assert.ok(!again.includes("/sitemap_index.xml"), "sitemaps are not read again");
    assert.ok(!again.includes("/"), "the finished start page is not fetched again");
  } finally {
    state.close();
    await site.close();
  }
});

Deno.test("readUrl crawls where the start URL redirects to, even on another origin", async () => {
  const site = await startLoreSite();
  const front = await startFakeSite({ "/": { redirect: `${site.origin}/` } });
  const state = new CrawlState(":memory:");
  const options = { clock: virtualClock(), delayMs: 0, maxDepth: 1, state };
  try {
    const run = await collect(readUrl(`${front.origin}/`, options));
    assert.deepEqual(paths(run.docs), [...LORE_PAGES].sort());
    assert.ok(run.docs.every((d) => d.url.startsWith(site.origin)));
    assert.equal(state.getMeta("start_url"), `${site.origin}/`);
    const frontHits = front.requests.length;
    await collect(readUrl(`${front.origin}/`, options));
    assert.equal(front.requests.length, frontHits, "the redirect is remembered, not asked again");
  } finally {
    state.close();
    await front.close();
    await site.close();
  }
});
