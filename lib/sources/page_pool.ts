/**
 * Where dump pages are converted: in the reading thread, or spread over a pool of Web
 * Workers (one per core) while the reading thread parses XML and the indexer writes the
 * store. Results come back in page order either way.
 *
 * @module
 */
import type { SourceDocument } from "../ingest/source_document.ts";
import { pageDocument, type PageJob } from "./page_document.ts";
import type { IndexChunkOptions } from "../ingest/prepared.ts";
import { attachDictionary, TermMirror } from "../vectorstore/chunk_analysis.ts";
import { unpackPrepared } from "./prepared_transfer.ts";

/** Converts pages; `close` releases its workers. */
export interface PagePool {
  /** Pages converted concurrently at most (1 in-thread). */
  readonly parallelism: number;
  convert(job: PageJob): Promise<SourceDocument>;
  /**
   * Optional: converts in the calling thread the first page no worker has started yet,
   * so a reader waiting for a page lends the workers its core; resolves false when
   * there was none.
   */
  help?(): Promise<boolean>;
  close(): void;
}

/** Converts in the calling thread: the default, and what runtimes without workers use. */
export function inlinePagePool(): PagePool {
  return { parallelism: 1, convert: pageDocument, close() {} };
}

/**
 * Workers a pool starts by default: one core fewer than the machine has (at least one),
 * since the reading thread keeps a core busy parsing the dump and writing the store, and
 * each worker is a V8 isolate with its own heap (tens of MB).
 */
export function defaultPoolSize(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, cores - 1);
}

/** Options of {@linkcode workerPagePool}. */
export interface PagePoolOptions {
  /**
   * The run's chunk settings: the workers then also chunk each page and analyze its
   * chunks (`PageJob.prepare`), taking that work off the thread that writes the store.
   */
  prepare?: IndexChunkOptions;
  /**
   * Give the pool a `help` method, so the reading thread converts queued pages while it
   * waits. Off by default: on the `sources` bench it lowered pages/s (211 vs 240 at
   * 20,000 pages) and raised peak RSS (331 vs 319 MB), the reading thread's heap then
   * holding conversion garbage too.
   */
  help?: boolean;
  /** Pages a worker holds at most, sent and not yet answered (default {@linkcode SENT_PER_WORKER}). */
  sentPerWorker?: number;
}

/**
 * Pages sent to a worker and not yet answered, at most: enough that it has work while
 * the reading thread is away for long — a postings merge or a full collection takes
 * 0.1–1 s, ~30–250 pages of the worker's time. With three, the worker sat idle a third
 * of a 20,000-page dump: 179 pages/s at 234 MB peak; with 24, 224 pages/s at 260 MB; with
 * 64, 241 pages/s at 259 MB; with 160, 243 pages/s at 305 MB. Every page in flight is
 * sent at once (none waits in the pool, see `parallelism`), so its text leaves this
 * thread's heap young, copied into the message: 64 sent and 64 waiting made the reading
 * thread promote each page's text and collect its old generation ~80 times a 5,000-page
 * dump; 128 sent, ~60 times, and 13% less CPU in all.
 */
const SENT_PER_WORKER = 128;

/** A page sent to a worker: what answers it (the page itself is no longer held). */
interface Sent {
  resolve(document: SourceDocument): void;
  reject(error: Error): void;
}

/** A page waiting for a worker. */
interface Job extends Sent {
  n: number;
  job: PageJob;
}

/**
 * A pool of `size` Web Workers (default {@linkcode defaultPoolSize}). Each worker is
 * sent at most `sentPerWorker` pages at a time; the rest wait in the pool, where the
 * reading thread may take one ({@linkcode PagePool.help}, with `help: true`) while it
 * waits for a page. At most `parallelism` pages are queued or being
 * converted, so the reader waits (backpressure) instead of buffering the dump. Where
 * `Worker` does not exist (Node), converts in-thread.
 */
export function workerPagePool(
  size = defaultPoolSize(),
  options: PagePoolOptions = {},
): PagePool {
  if (typeof Worker === "undefined" || size < 1) return inlinePagePool();
  const url = new URL("./page_worker.ts", import.meta.url).href;
  const workers = Array.from({ length: size }, () => ({
    worker: new Worker(url, { type: "module" }),
    sent: new Map<number, Sent>(),
    /** The worker's numbered terms, in message order (before pages are reordered). */
    terms: new TermMirror(),
  }));
  const queued: Job[] = [];
  const sentPerWorker = options.sentPerWorker ?? SENT_PER_WORKER;
  let next = 0;
  const withSettings = (job: PageJob): PageJob => {
    const prepare = job.prepare ?? options.prepare;
    return prepare ? { ...job, prepare } : job;
  };
  const pump = () => {
    for (const slot of workers) {
      while (slot.sent.size < sentPerWorker && queued.length > 0) {
        const { n, job, resolve, reject } = queued.shift()!;
        // Only the answer's handlers stay: the page text, copied into the message,
        // would otherwise live on here until the answer and be promoted to the old
        // generation, costing a full collection every few hundred pages.
        slot.sent.set(n, { resolve, reject });
        slot.worker.postMessage({ n, job });
      }
    }
  };
  for (const slot of workers) {
    slot.worker.onmessage = (event: MessageEvent) => {
      const { n, document, error, terms, packed } = event.data;
      const dictionary = terms ? slot.terms.apply(terms) : [];
      if (packed) {
        document.prepared = unpackPrepared(packed, dictionary);
        document.prepared.markdownDropped = true;
      } else if (terms) attachDictionary(document.prepared?.analyses ?? [], dictionary);
      const job = slot.sent.get(n);
      if (!job) return;
      slot.sent.delete(n);
      pump();
      if (error !== undefined) job.reject(new Error(error));
      else job.resolve(document);
    };
    slot.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      for (const job of slot.sent.values()) {
        job.reject(new Error(`page worker failed: ${event.message}`));
      }
      slot.sent.clear();
    };
  }
  /** Converts the next page no worker has started, here; false when none is queued. */
  const help = async (): Promise<boolean> => {
    const job = queued.shift();
    if (!job) return false;
    try {
      job.resolve(await pageDocument(job.job));
    } catch (error) {
      job.reject(error as Error);
    }
    return true;
  };
  return {
    // Pages in flight: what the workers hold; the reader waits for the first of them
    // rather than queue more here.
    parallelism: size * sentPerWorker,
    convert(job) {
      return new Promise((resolve, reject) => {
        queued.push({ n: next++, job: withSettings(job), resolve, reject });
        pump();
      });
    },
    help: options.help ? help : undefined,
    close() {
      for (const { worker } of workers) worker.terminate();
      const pending = [...queued.splice(0), ...workers.flatMap((w) => [...w.sent.values()])];
      for (const slot of workers) slot.sent.clear();
      for (const job of pending) job.reject(new Error("page pool closed"));
    },
  };
}
