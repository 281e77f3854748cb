import assert from "node:assert/strict";
import { loadBenchmarkPages } from "../../ingest/score/benchmark.ts";
import { extractLinks, metaRobots } from "./links.ts";
import { mediaWikiHints } from "./read_url.ts";

/** 181 real article pages (news, blogs, many WordPress sites with an RSD link), beside the repo. */
const DATA_DIR = new URL("../../../../shared/data/extraction-benchmark/", import.meta.url).pathname;
const hasData = await Deno.stat(`${DATA_DIR}ground-truth.json`).then(() => true, () => false);
if (!hasData) console.warn(`skipping the real-page link tests: no data at ${DATA_DIR}`);

Deno.test({
  name:
    "on 181 real pages: no site is mistaken for a MediaWiki, and every followed link stays home",
  ignore: !hasData,
  async fn() {
    const pages = await loadBenchmarkPages(DATA_DIR, Deno.readFile);
    assert.equal(pages.length, 181);
    let rsd = 0;
    let links = 0;
    for (const page of pages) {
      if (/rel=["']EditURI/i.test(page.html)) rsd++;
      assert.deepEqual(
        mediaWikiHints(page.html, page.url),
        { api: null, generator: false },
        page.url,
      );
      const found = extractLinks(page.html, page.url);
      links += found.length;
      const origin = new URL(page.url).origin;
      for (const link of found) {
        assert.equal(new URL(link).origin, origin, `${page.url} → ${link}`);
        assert.ok(!link.includes("#"), link);
      }
      metaRobots(page.html); // never throws on real markup
    }
    assert.ok(rsd > 20, `${rsd} pages carry a (WordPress) RSD link`);
    assert.ok(links > 1000, `${links} same-origin links found`);
  },
});
