import assert from "node:assert/strict";
import { isHttpUrl, parseCrawlFlags } from "./url_source.ts";
import { crawlStatePath, mediaWikiHints } from "./read_url.ts";

Deno.test("parseCrawlFlags reads whole numbers and names a bad flag", () => {
  assert.deepEqual(parseCrawlFlags({ "max-pages": "50", depth: "0", "delay-ms": "1000" }), {
    maxPages: 50,
    maxDepth: 0,
    delayMs: 1000,
  });
  assert.throws(() => parseCrawlFlags({ concurrency: "0" }), /--concurrency/);
  assert.throws(() => parseCrawlFlags({ "max-pages": "1.5" }), /--max-pages/);
});

Deno.test("isHttpUrl tells URLs from paths and S3 prefixes", () => {
  assert.ok(isHttpUrl("https://lore.example/"));
  assert.ok(isHttpUrl("HTTP://127.0.0.1:8080"));
  assert.ok(!isHttpUrl("s3://bucket/raw/"));
  assert.ok(!isHttpUrl("sample/lore"));
});

Deno.test("mediaWikiHints finds the RSD api.php and the generator meta", () => {
  const html = `<meta name="generator" content="MediaWiki 1.41.1">
    <link rel="EditURI" type="application/rsd+xml" href="//lore.example/w/api.php?action=rsd">`;
  assert.deepEqual(mediaWikiHints(html, "https://lore.example/wiki/A"), {
    api: "https://lore.example/w/api.php",
    generator: true,
  });
  const wordpress = `<link rel="EditURI" href="https://blog.example/xmlrpc.php?rsd">
    <meta name="generator" content="WordPress 6.5">`;
  assert.deepEqual(mediaWikiHints(wordpress, "https://blog.example/"), {
    api: null,
    generator: false,
  });
});

Deno.test("crawlStatePath gives each site its own file under DATA_DIR/crawl", async () => {
  const a = await crawlStatePath(".data/", "https://lore.example/");
  assert.match(a, /^\.data\/crawl\/lore\.example-[0-9a-f]{8}\.sqlite$/);
  assert.notEqual(a, await crawlStatePath(".data", "https://lore.example/other/"));
  assert.match(
    await crawlStatePath("d", "http://127.0.0.1:8080/"),
    /^d\/crawl\/127\.0\.0\.1_8080-/,
  );
});
