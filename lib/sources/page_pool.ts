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

/** Converts pages; `close` releases its workers. */
export interface PagePool {
  /** Pages converted concurrently at most (1 in-thread). */
  readonly parallelism: number;
  convert(job: PageJob): Promise<SourceDocument>;
  close(): void;
}

/** Converts in the calling thread: the default, and what runtimes without workers use. */
export function inlinePagePool(): PagePool {
  return { parallelism: 1, convert: pageDocument, close() {} };
}

interface Pending {
  resolve(document: SourceDocument): void;
  reject(error: Error): void;
}

/**
 * Workers a pool starts by default: one core fewer than the machine has (at least one),
 * since the reading thread keeps a core busy parsing the dump and writing the store, and
 * each worker is a V8 isolate with its own heap (tens of MB). On 2 cores the one worker
 * converts pages faster than the writer stores them.
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
}

/**
 * A pool of `size` Web Workers (default {@linkcode defaultPoolSize}). Jobs go to the
 * worker with the fewest in flight; at most `parallelism` pages are queued or being
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
    busy: 0,
    /** The worker's numbered terms, in message order (before pages are reordered). */
    terms: new TermMirror(),
  }));
  const pending = new Map<number, Pending & { slot: (typeof workers)[number] }>();
  let next = 0;
  for (const slot of workers) {
    slot.worker.onmessage = (event: MessageEvent) => {
      const { n, document, error, terms } = event.data;
      if (terms) {
        const dictionary = slot.terms.apply(terms);
        attachDictionary(document.prepared?.analyses ?? [], dictionary);
      }
      const job = pending.get(n);
      if (!job) return;
      pending.delete(n);
      job.slot.busy--;
      if (error !== undefined) job.reject(new Error(error));
      else job.resolve(document);
    };
    slot.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      for (const [n, job] of pending) {
        if (job.slot !== slot) continue;
        pending.delete(n);
        job.reject(new Error(`page worker failed: ${event.message}`));
      }
    };
  }
  return {
    parallelism: size * 4,
    convert(job) {
      const slot = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const n = next++;
      slot.busy++;
      return new Promise((resolve, reject) => {
        pending.set(n, { resolve, reject, slot });
        const prepare = job.prepare ?? options.prepare;
        slot.worker.postMessage({ n, job: prepare ? { ...job, prepare } : job });
      });
    },
    close() {
      for (const { worker } of workers) worker.terminate();
      for (const job of pending.values()) job.reject(new Error("page pool closed"));
      pending.clear();
    },
  };
}
