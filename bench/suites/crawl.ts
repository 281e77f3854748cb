/**
 * `crawl`: the live-site readers against loopback servers that speak real HTTP — a site
 * of sample lore pages (distinct URLs, ETags, linked as a tree, found only by following
 * links) and a MediaWiki API fake. Figures: pages/s of a first crawl (fetch + clean, no
 * per-host delay), pages/s of a second crawl of the unchanged site, and what that second
 * crawl downloads next to the first (requests and body bytes); the same for a wiki read
 * through its API (a re-read parses nothing). Indexing is left out: the `ingest` suite
 * measures it.
 *
 * @module
 */
import { listSourceFiles, type SourceEntry } from "../../lib/ingest/mod.ts";
import { crawlSite, CrawlState, readMediaWiki } from "../../lib/sources/crawl/mod.ts";
import { type FakeWikiPage, startFakeWiki } from "../../tests/fakes/mediawiki_server.ts";
import { startFakeSite } from "../../tests/fakes/site_server.ts";
import type { BenchContext, Row, Suite, SuiteOutcome } from "../types.ts";

async function drain(
  entries: AsyncIterable<SourceEntry>,
): Promise<{ docs: number; failed: number }> {
  let docs = 0;
  let failed = 0;
  for await (const entry of entries) "failed" in entry ? failed++ : docs++;
  return { docs, failed };
}

async function lorePages(root: string): Promise<string[]> {
  const dir = `${root}/sample/lore`;
  const files = (await listSourceFiles(dir)).filter((f) => f.endsWith(".html"));
  return await Promise.all(files.map((f) => Deno.readTextFile(`${dir}/${f}`)));
}

/** Page `i` links to `2i+1` and `2i+2`, so the crawl must follow links ~log2(n) deep. */
function treeLinks(i: number, n: number): string {
  return [2 * i + 1, 2 * i + 2].filter((j) => j < n).map((j) => `<a href="/p/${j}">page ${j}</a>`)
    .join(" ");
}

async function siteFigures(ctx: BenchContext, bodies: string[], n: number) {
  const site = await startFakeSite();
  for (let i = 0; i < n; i++) {
    // The sample pages' own links lead nowhere on this site: only the tree links count.
    const html = bodies[i % bodies.length].replace(/<link rel="canonical"[^>]*>/, "")
      .replace(/href="\/[^"]*"/g, 'href="#"')
      .replace("</body>", `<nav>${treeLinks(i, n)}</nav></body>`);
    site.set(i === 0 ? "/" : `/p/${i}`, { body: html, etag: `"v${i}"` });
  }
  site.set("/robots.txt", { body: "User-agent: *\nAllow: /\n", contentType: "text/plain" });
  const state = new CrawlState(`${ctx.tempDir}/crawl-${crypto.randomUUID()}.sqlite`);
  const options = { state, delayMs: 0, concurrency: 4, maxDepth: 64, maxPages: n + 10 };
  try {
    let t = performance.now();
    const first = await drain(crawlSite(`${site.origin}/`, options));
    const firstSeconds = (performance.now() - t) / 1000;
    const firstLog = site.requests.splice(0);
    t = performance.now();
    const second = await drain(crawlSite(`${site.origin}/`, options));
    const secondSeconds = (performance.now() - t) / 1000;
    const secondLog = site.requests.splice(0);
    const bytes = (log: typeof firstLog) => log.reduce((sum, r) => sum + r.bytes, 0);
    if (first.docs !== n || second.docs !== n) {
      throw new Error(`crawled ${first.docs} then ${second.docs} of ${n} pages`);
    }
    return {
      pages: n,
      firstSeconds,
      secondSeconds,
      firstRequests: firstLog.length,
      secondRequests: secondLog.length,
      firstBytes: bytes(firstLog),
      secondBytes: bytes(secondLog),
      second304: secondLog.filter((r) => r.status === 304).length,
    };
  } finally {
    state.close();
    await site.close();
  }
}

async function wikiFigures(bodies: string[], n: number) {
  const pages: FakeWikiPage[] = [];
  for (let i = 0; i < n; i++) {
    const main = /<main[^>]*>([\s\S]*?)<\/main>/i.exec(bodies[i % bodies.length])?.[1] ??
      bodies[i % bodies.length];
    pages.push({ title: `Lore page ${i}`, html: main });
  }
  const wiki = await startFakeWiki(pages, { maxLimit: 500 });
  const state = new CrawlState(":memory:");
  const options = { state, delayMs: 0, concurrency: 4 };
  try {
    let t = performance.now();
    const first = await drain(readMediaWiki(wiki.apiUrl, options));
    const firstSeconds = (performance.now() - t) / 1000;
    const firstRequests = wiki.requests.splice(0).length;
    t = performance.now();
    const second = await drain(readMediaWiki(wiki.apiUrl, options));
    const secondSeconds = (performance.now() - t) / 1000;
    const secondLog = wiki.requests.splice(0);
    if (first.docs !== n || second.docs !== n) {
      throw new Error(`read ${first.docs}/${second.docs} of ${n}`);
    }
    return {
      pages: n,
      firstSeconds,
      secondSeconds,
      firstRequests,
      secondRequests: secondLog.length,
      secondParses: secondLog.filter((r) => r.params.action === "parse").length,
    };
  } finally {
    state.close();
    await wiki.close();
  }
}

/** ms to take one URL off a frontier holding `queued` URLs (the crawl state's hot path). */
function claimMs(queued: number): number {
  const state = new CrawlState(":memory:");
  try {
    state.beginRun();
    state.enqueue(Array.from({ length: queued }, (_, i) => `https://lore.example/p/${i}`), 1);
    const t = performance.now();
    for (let i = 0; i < 1000; i++) state.claim(1);
    return (performance.now() - t) / 1000;
  } finally {
    state.close();
  }
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  const bodies = await lorePages(ctx.root);
  const n = ctx.quick ? 200 : 2_000;
  ctx.log(`crawl: ${n} pages over loopback`);
  const site = await siteFigures(ctx, bodies, n);
  const wiki = await wikiFigures(bodies, ctx.quick ? 100 : 1_000);
  const rows: Row[] = [
    {
      figure: "site crawl pages/s (fetch + clean)",
      unit: "pages/s",
      ours: site.pages / site.firstSeconds,
      better: "higher",
    },
    {
      figure: "site re-crawl pages/s (unchanged)",
      unit: "pages/s",
      ours: site.pages / site.secondSeconds,
      better: "higher",
    },
    {
      figure: "re-crawl bytes vs first crawl",
      unit: "%",
      ours: (site.secondBytes / site.firstBytes) * 100,
      better: "lower",
    },
    {
      figure: "frontier claim, 50,000 URLs queued",
      unit: "ms",
      ours: claimMs(50_000),
      better: "lower",
    },
    {
      figure: "wiki API read pages/s (parse + clean)",
      unit: "pages/s",
      ours: wiki.pages / wiki.firstSeconds,
      better: "higher",
    },
    {
      figure: "wiki API re-read pages/s (unchanged)",
      unit: "pages/s",
      ours: wiki.pages / wiki.secondSeconds,
      better: "higher",
    },
  ];
  return {
    rows,
    details: { site, wiki },
    notes: [
      `site: ${site.pages} pages, ${site.firstRequests} requests (${site.firstBytes} body bytes) first, ` +
      `${site.secondRequests} requests (${site.second304} answered 304, ${site.secondBytes} body bytes) on the re-crawl; ` +
      `wiki: ${wiki.pages} pages, ${wiki.firstRequests} API requests first, ${wiki.secondRequests} on the re-read ` +
      `(${wiki.secondParses} parses). Concurrency 4, no per-host delay (a real crawl waits 250 ms between requests).`,
    ],
  };
}

/** The suite. */
export const crawlSuite: Suite = {
  name: "crawl",
  description: "site crawler and MediaWiki API reader over loopback: pages/s, re-crawl cost",
  run,
};
