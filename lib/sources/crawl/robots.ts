/**
 * robots.txt, read with `robots-parser` and the rules of RFC 9309: a missing file (any
 * 4xx) allows everything; a server error or no answer at all disallows everything, since
 * the site cannot say what it wants. `Crawl-delay` and `Sitemap:` lines are honoured.
 *
 * @module
 */
import robotsParserModule from "robots-parser";
import { FetchError, LORECHAT_ROBOTS_TOKEN, type PoliteFetcher } from "./polite_fetch.ts";

interface ParsedRobots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}

// The package's type declarations do not resolve as a callable default under Deno.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => ParsedRobots;

/** What a site's robots.txt lets LoreChat do. */
export interface RobotsRules {
  /** Whether `url` may be fetched. */
  allows(url: string): boolean;
  /** The `Crawl-delay` for LoreChat in ms, or null. */
  crawlDelayMs: number | null;
  /** Absolute sitemap URLs listed in the file. */
  sitemaps: string[];
  /** Why everything is disallowed, when it is (robots.txt unreachable). */
  blockedReason?: string;
}

/** Rules from robots.txt text served at `robotsUrl`. */
export function parseRobots(
  robotsUrl: string,
  text: string,
  agent = LORECHAT_ROBOTS_TOKEN,
): RobotsRules {
  const parsed = robotsParser(robotsUrl, text);
  const delay = parsed.getCrawlDelay(agent);
  return {
    allows: (url) => parsed.isAllowed(url, agent) !== false,
    crawlDelayMs: typeof delay === "number" && delay > 0 ? delay * 1000 : null,
    sitemaps: parsed.getSitemaps(),
  };
}

/** Rules that allow everything (no robots.txt). */
export const ALLOW_ALL: RobotsRules = { allows: () => true, crawlDelayMs: null, sitemaps: [] };

function disallowAll(reason: string): RobotsRules {
  return { allows: () => false, crawlDelayMs: null, sitemaps: [], blockedReason: reason };
}

/** The longest Crawl-delay honoured; beyond it a crawl would never finish. */
const MAX_CRAWL_DELAY_MS = 60_000;

/**
 * Fetches and parses `origin/robots.txt`, and applies its Crawl-delay to the fetcher.
 *
 * @example
 * ```ts ignore
 * const rules = await loadRobots("https://lore.example", new PoliteFetcher());
 * if (rules.allows("https://lore.example/wiki/Dragons")) { … }
 * ```
 */
export async function loadRobots(
  origin: string,
  fetcher: PoliteFetcher,
  signal?: AbortSignal,
): Promise<RobotsRules> {
  const robotsUrl = new URL("/robots.txt", origin).href;
  let status: number;
  let text = "";
  try {
    const res = await fetcher.get(robotsUrl, { signal });
    status = res.status;
    text = new TextDecoder().decode(res.body);
  } catch (error) {
    if (signal?.aborted) throw error;
    // A redirect loop or similar on robots.txt counts as "no robots.txt" (a 4xx-like case);
    // only an unreachable server blocks the crawl.
    if (error instanceof FetchError && error.kind !== "network") return ALLOW_ALL;
    return disallowAll(`robots.txt unreachable: ${(error as Error).message}`);
  }
  if (status >= 500) return disallowAll(`robots.txt answered ${status}`);
  if (status >= 400) return ALLOW_ALL;
  const rules = parseRobots(robotsUrl, text);
  if (rules.crawlDelayMs) {
    fetcher.slowHost(new URL(origin).host, Math.min(rules.crawlDelayMs, MAX_CRAWL_DELAY_MS));
  }
  return rules;
}
