/**
 * What `deno task ingest https://…` needs from this concern: the crawl flags parsed and
 * checked, and a URL source whose state lives under `DATA_DIR/crawl/`, so a second run
 * of the same URL is conditional and an interrupted one resumes.
 *
 * @module
 */
import type { SourceEntry } from "../../ingest/mod.ts";
import { getLogger } from "../../log/mod.ts";
import type { CrawlEvent } from "./crawl_page.ts";
import { CrawlState } from "./crawl_state.ts";
import { PoliteFetcher } from "./polite_fetch.ts";
import { crawlStatePath, readUrl, type ReadUrlOptions } from "./read_url.ts";

export { type CrawlFlags, isHttpUrl, parseCrawlFlags } from "./url_flags.ts";
import type { CrawlFlags } from "./url_flags.ts";

/** A live source opened for one ingest run; `close` it when the run ends. */
export interface UrlSource {
  entries: AsyncIterable<SourceEntry>;
  /** HTTP requests sent so far (retries and redirects included). */
  requests(): number;
  /** Where the crawl state is kept. */
  statePath: string;
  close(): void;
}

/** Opens `url` as a source with its state file under `dataDir`. */
export async function openUrlSource(
  url: string,
  options: CrawlFlags & {
    dataDir: string;
    signal?: AbortSignal;
    onEvent?: (event: CrawlEvent) => void;
    extra?: Partial<ReadUrlOptions>;
  },
): Promise<UrlSource> {
  const statePath = await crawlStatePath(options.dataDir, url);
  const state = new CrawlState(statePath);
  const { dataDir: _, extra, ...rest } = options;
  const fetcher = new PoliteFetcher({ ...extra, ...rest });
  const log = getLogger(["lorechat", "crawl"]);
  rest.onEvent ??= (event) => {
    if (event.kind === "skipped" || event.kind === "gone") {
      log.debug("{url} not indexed: {reason}", { url: event.url, reason: event.reason });
    }
  };
  return {
    entries: readUrl(url, { ...extra, ...rest, state, fetcher }),
    requests: () => fetcher.requests,
    statePath,
    close: () => state.close(),
  };
}
