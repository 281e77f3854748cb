/**
 * MediaWiki XML dumps → documents, streamed: content namespaces only, the newest
 * revision of each page, redirects folded into their target as aliases, URLs from
 * `<siteinfo><base>`, the revision id as version.
 *
 * Aliases are written into the page's Markdown as a first line ("Ser Aldric is also
 * known as The Ashen Knight."), a sentence naming both, so even a quoting answerer says
 * who it is: the sqlite store's full-text index (and a dense embedding, and Upstash's hybrid
 * index) sees them with no schema change, and they land in the lead chunk, the one a
 * "who is <other name>?" question wants. They also travel as `aliases` on the document.
 *
 * @module
 */
import type { SourceDocument, SourceEntry } from "../ingest/source_document.ts";
import { namespaceOf, normalizeTitle, scanRedirects, siteNamespaceNames } from "./dump_titles.ts";
import type { PageJob } from "./page_document.ts";
import { inlinePagePool, type PagePool } from "./page_pool.ts";
import { AliasStore } from "./alias_store.ts";
import { DumpSpool, type SpoolOptions } from "./dump_spool.ts";
import { type DumpPage, readDumpEvents, type SiteInfo } from "./mediawiki_xml.ts";
import { wikitextToMarkdown } from "./wikitext.ts";
import { macrotask } from "../web/macrotask.ts";

/** Options for {@linkcode documentsFromDump}. */
export interface DumpOptions {
  /** Where the dump came from, for messages and ids without a `<base>`: a path or key. */
  source: string;
  /** Namespaces indexed. Default `[0]` (articles). */
  namespaces?: number[];
  /**
   * Aliases held in memory before they move to a temporary database (`alias_store.ts`:
   * default 100,000).
   */
  aliasesInMemory?: number;
  /** Where pages are converted. Default: in the reading thread. */
  pool?: PagePool;
  /**
   * Where a dump read twice keeps its bytes from the first pass for the second
   * (`dump_spool.ts`), so it is opened (decoded, fetched) once. None: opened twice.
   */
  spool?: SpoolOptions;
  /** Updated as the dump is read, for a progress line (see {@linkcode DumpReading}). */
  reading?: DumpReading;
  /** The dump's size in bytes of XML, when known (a plain file's): `reading`'s first total. */
  size?: number;
}

/** How far the passes over a dump have read. */
export interface DumpReading {
  /** The pass reading: the redirect pre-scan, then the pages (null before either). */
  pass: "redirects" | "pages" | null;
  /** Bytes of XML the pass has read. */
  read: number;
  /**
   * Bytes of XML the pass reads in all, when known: the dump's `size`, or, for the page
   * pass, what the redirect pass read to the end.
   */
  total: number | null;
}

/** Opens the dump's (decompressed) bytes; called twice for the redirect pre-scan. */
export type OpenDump = () => ReadableStream<Uint8Array>;

async function collectAliases(
  open: OpenDump,
  namespaces: Set<number>,
  aliases: AliasStore,
): Promise<void> {
  for await (const r of scanRedirects(open())) {
    const ns = r.ns ?? namespaceOf(r.from, null);
    if (namespaces.has(ns)) await aliases.add(normalizeTitle(r.to), r.from);
  }
}

/** Whether a page is a redirect (by its `<redirect>` element or its text). */
function isRedirect(page: DumpPage): boolean {
  return page.redirect !== undefined || /^\s*#redirect\b/i.test(page.text);
}

/**
 * The documents of a MediaWiki dump. `open` is called twice when `reopen` is true (a
 * first light pass collects redirects, so an alias reaches its target wherever it sits),
 * once otherwise (then only redirects that precede their target become aliases). A
 * page that cannot be converted, and a dump that breaks off, yield a failure; the pages
 * before the break are yielded first.
 */
export async function* documentsFromDump(
  open: OpenDump,
  options: DumpOptions & { reopen?: boolean },
): AsyncGenerator<SourceEntry> {
  const namespaces = new Set(options.namespaces ?? [0]);
  // Both released however the caller stops reading: their files are removed.
  const aliases = new AliasStore({ inMemory: options.aliasesInMemory });
  const spool = options.reopen && options.spool ? new DumpSpool(open, options.spool) : null;
  try {
    const opened = spool ? () => spool.open() : open;
    yield* dumpDocuments(counted(opened, options), options, namespaces, aliases);
  } finally {
    aliases.close();
    spool?.close();
  }
}

/** `open`, each pass's bytes counted into `options.reading` (when given). */
function counted(open: OpenDump, options: DumpOptions): OpenDump {
  const { reading } = options;
  if (!reading) return open;
  let passes = 0;
  let whole: number | null = options.size ?? null;
  return () => {
    reading.pass = passes++ === 0 ? "redirects" : "pages";
    reading.read = 0;
    reading.total = whole;
    return open().pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          reading.read += chunk.byteLength;
          controller.enqueue(chunk);
        },
        flush() {
          whole ??= reading.read; // read to the end: the dump's size
        },
      }),
    );
  };
}

/** {@linkcode documentsFromDump}'s pages, the redirects' aliases kept in `aliases`. */
async function* dumpDocuments(
  open: OpenDump,
  options: DumpOptions & { reopen?: boolean },
  namespaces: Set<number>,
  aliases: AliasStore,
): AsyncGenerator<SourceEntry> {
  if (options.reopen) await collectAliases(open, namespaces, aliases);
  const preScanned = options.reopen === true;
  let siteinfo: SiteInfo | null = null;
  const pool = options.pool ?? inlinePagePool();
  // Conversions in flight, in page order, so documents come out in dump order.
  const inFlight: { title: string; result: Promise<SourceDocument>; done: boolean }[] = [];
  const settle = async (): Promise<SourceEntry> => {
    const head = inFlight[0];
    if (!head.done && pool.help) {
      // Take in the workers' answers first (they also hand the workers more pages)…
      await macrotask();
      // …then, rather than wait for the page, convert one no worker has started yet.
      if (!head.done) await pool.help();
    }
    const { title, result } = inFlight.shift()!;
    try {
      return await result;
    } catch (error) {
      return failure(options.source, title, `could not convert: ${(error as Error).message}`);
    }
  };
  try {
    for await (const event of readDumpEvents(open())) {
      if (event.kind === "siteinfo") {
        siteinfo = event.siteinfo;
        continue;
      }
      const page = event.page;
      const ns = page.ns ?? namespaceOf(page.title, siteinfo);
      if (!namespaces.has(ns)) continue;
      if (isRedirect(page)) {
        if (!preScanned) await addLateAlias(aliases, page);
        continue;
      }
      const job: PageJob = {
        page,
        ...(siteinfo?.base ? { base: siteinfo.base } : {}),
        ...namesOf(siteinfo),
        aliases: aliases.get(normalizeTitle(page.title)),
        source: options.source,
      };
      const flight = { title: page.title, result: pool.convert(job), done: false };
      const done = () => void (flight.done = true);
      flight.result.then(done, done); // settled in order below
      inFlight.push(flight);
      if (inFlight.length >= pool.parallelism) yield await settle();
    }
  } catch (error) {
    while (inFlight.length > 0) yield await settle();
    yield failure(options.source, options.source, (error as Error).message);
    return;
  }
  while (inFlight.length > 0) yield await settle();
}

function namesOf(siteinfo: SiteInfo | null) {
  const names = siteNamespaceNames(siteinfo);
  return { fileNamespaces: names.files, categoryNamespaces: names.categories };
}

async function addLateAlias(aliases: AliasStore, page: DumpPage): Promise<void> {
  const target = page.redirect ?? wikitextToMarkdown(page.text).redirect;
  if (target) await aliases.add(normalizeTitle(target), page.title);
}

function failure(source: string, title: string, reason: string): SourceEntry {
  return { failed: true, id: title === source ? source : `${source}: ${title}`, source, reason };
}
