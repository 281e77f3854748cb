import assert from "node:assert/strict";
import { parseSitemap, sitemapText } from "./sitemap.ts";

Deno.test("parseSitemap reads urlsets and indexes, entities, CDATA and prefixes", () => {
  const set = parseSitemap(
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://lore.example/a?x=1&amp;y=2 </loc><lastmod>2026-01-01</lastmod></url>
      <url><loc><![CDATA[https://lore.example/b]]></loc></url>
      <url><loc>/relative</loc></url>
      <url><loc>http://[bad</loc></url>
    </urlset>`,
    "https://lore.example/sitemap.xml",
  );
  assert.equal(set.kind, "urlset");
  assert.deepEqual(set.locs, [
    "https://lore.example/a?x=1&y=2",
    "https://lore.example/b",
    "https://lore.example/relative",
  ]);
  const index = parseSitemap(
    `<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sm:sitemap><sm:loc>https://lore.example/s1.xml</sm:loc></sm:sitemap></sm:sitemapindex>`,
    "https://lore.example/",
  );
  assert.deepEqual(index, { kind: "index", locs: ["https://lore.example/s1.xml"] });
});

Deno.test("sitemapText unpacks a gzipped sitemap and passes plain text through", async () => {
  const xml = "<urlset><url><loc>https://lore.example/a</loc></url></urlset>";
  const stream = new Blob([xml]).stream().pipeThrough(new CompressionStream("gzip"));
  const gz = new Uint8Array(await new Response(stream).arrayBuffer());
  assert.equal(await sitemapText(gz), xml);
  assert.equal(await sitemapText(new TextEncoder().encode(xml)), xml);
});
