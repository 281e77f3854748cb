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

/** The crawl limits the CLI takes as flags. */
export interface CrawlFlags {
  maxPages?: number;
  maxDepth?: number;
  concurrency?: number;
  delayMs?: number;
}

/** Whether a CLI target is a live URL rather than a path or S3 prefix. */
export function isHttpUrl(target: string): boolean {
  return /^https?:\/\/[^/]/i.test(target);
}

/**
 * Parses `--max-pages`, `--depth`, `--concurrency` and `--delay-ms` (strings as
 * `parseArgs` gives them). Throws a `RangeError` naming the flag when one is not a
 * whole number in range.
 */
export function parseCrawlFlags(values: Record<string, unknown>): CrawlFlags {
  const flags: CrawlFlags = {};
  const spec: [string, keyof CrawlFlags, number][] = [
    ["max-pages", "maxPages", 1],
    ["depth", "maxDepth", 0],
    ["concurrency", "concurrency", 1],
    ["delay-ms", "delayMs", 0],
  ];
  for (const [flag, key, min] of spec) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (typeof raw !== "string" || !/^\d+$/.test(raw.trim()) || n < min) {
      throw new RangeError(`--${flag} must be a whole number ≥ ${min}, got ${JSON.stringify(raw)}`);
    }
    flags[key] = n;
  }
  return flags;
}

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
