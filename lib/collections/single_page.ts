/**
 * The crawler used until a real one is wired in: it reads the one page at the URL
 * (HTML, cleaned like any other page). A site crawler with the same signature
 * ({@linkcode Crawler}) replaces it in the composition root.
 *
 * @module
 */
import { documentFromHtml, type SourceEntry } from "../ingest/mod.ts";
import type { Crawler } from "./job_runner.ts";

/** A {@linkcode Crawler} that fetches and cleans only the page at the URL. */
export function singlePageCrawler(fetchFn: typeof fetch = fetch): Crawler {
  return async function* (url, { signal }): AsyncGenerator<SourceEntry> {
    const fail = (reason: string): SourceEntry => ({ failed: true, id: url, source: url, reason });
    let res: Response;
    try {
      res = await fetchFn(url, { signal, redirect: "follow", headers: { accept: "text/html" } });
    } catch (error) {
      if (signal.aborted) throw error;
      yield fail(`could not fetch: ${(error as Error).message}`);
      return;
    }
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok) {
      await res.body?.cancel();
      yield fail(`HTTP ${res.status}`);
    } else if (!/html/i.test(type)) {
      await res.body?.cancel();
      yield fail(`not an HTML page (${type || "no content type"})`);
    } else {
      const bytes = new Uint8Array(await res.arrayBuffer());
      yield await documentFromHtml(url, bytes, { url, source: url, contentTypeHeader: type });
    }
  };
}
