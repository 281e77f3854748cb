/**
 * The CLI's side of a live source, without the crawler: whether a target is a URL, and
 * the crawl flags parsed and checked. Kept apart so `deno task ingest` of a file or a
 * dump loads no crawler (nor its HTML cleaner) just to ask.
 *
 * @module
 */

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
