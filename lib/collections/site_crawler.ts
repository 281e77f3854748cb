/**
 * The crawler behind an admin's URL source: the same live-site reader as
 * `deno task ingest https://…` (robots, sitemaps, politeness; a MediaWiki read through
 * its API), its crawl state kept under the collection's folder.
 *
 * @module
 */
import type { CrawlFlags } from "../sources/crawl/url_flags.ts";
import type { Crawler } from "./job_runner.ts";

/**
 * A {@linkcode Crawler} over `openUrlSource`, keeping crawl state under `stateDir`. The
 * crawler (and its HTML cleaner) is loaded by the first crawl, not by every process
 * that serves collections.
 */
export function siteCrawler(stateDir: string, flags: CrawlFlags = {}): Crawler {
  return async function* (url, { signal }) {
    const { openUrlSource } = await import("../sources/crawl/url_source.ts");
    const site = await openUrlSource(url, { ...flags, dataDir: stateDir, signal });
    try {
      yield* site.entries;
    } finally {
      site.close();
    }
  };
}
