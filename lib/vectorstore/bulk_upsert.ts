/**
 * Big writes on every core: {@linkcode bulkUpsert} writes a stream of chunk batches into
 * a store while Web Workers make, for the batches that come next, what the store would
 * otherwise make per chunk on the writing thread — its language, word digest and
 * postings terms (`bulk_analysis.ts`). The writing thread then only writes SQLite and
 * adds the ready terms to the index. Batches are written in order, each in its own
 * transaction by the store's ordinary `upsert`, so what is stored is what `upsert` alone
 * would store, and a failure loses nothing already written.
 *
 * @module
 */
import { type AnalyzedBatch, enrichChunks, packBatch } from "./bulk_analysis.ts";
import { TermMirror } from "./chunk_analysis.ts";
import type { StoredChunk, VectorStore } from "./store.ts";

/** Enriches batches of chunks off the calling thread; `close` ends its workers. */
export interface BatchAnalyzer {
  /** The chunks with their language, digest and analysis made (new objects). */
  enrich(chunks: readonly StoredChunk[]): Promise<StoredChunk[]>;
  close(): void;
}

interface Slot {
  worker: Worker;
  mirror: TermMirror;
  sent: Map<number, { resolve(batch: AnalyzedBatch): void; reject(error: Error): void }>;
}

/**
 * A pool of `size` workers (`bulk_worker.ts`), batches dealt round-robin; null where the
 * runtime has no `Worker` (the store then does the work itself).
 */
export function workerBatchAnalyzer(size = 1): BatchAnalyzer | null {
  if (typeof Worker === "undefined" || size < 1) return null;
  const url = new URL("./bulk_worker.ts", import.meta.url).href;
  const slots: Slot[] = Array.from({ length: size }, () => ({
    worker: new Worker(url, { type: "module" }),
    mirror: new TermMirror(),
    sent: new Map(),
  }));
  for (const slot of slots) {
    slot.worker.onmessage = (event: MessageEvent) => {
      const { n, result, error } = event.data;
      const job = slot.sent.get(n);
      slot.sent.delete(n);
      if (error !== undefined) job?.reject(new Error(`bulk analysis failed: ${error}`));
      else job?.resolve(result);
    };
    slot.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      for (const job of slot.sent.values()) {
        job.reject(new Error(`bulk analysis worker failed: ${event.message}`));
      }
      slot.sent.clear();
    };
  }
  let next = 0;
  return {
    async enrich(chunks) {
      const n = next++;
      const slot = slots[n % slots.length];
      const batch = packBatch(chunks);
      const result = await new Promise<AnalyzedBatch>((resolve, reject) => {
        slot.sent.set(n, { resolve, reject });
        slot.worker.postMessage({ n, batch }, [batch.lengths.buffer, batch.wants.buffer]);
      });
      // Each worker answers in the order it was sent, so its mirror grows in order.
      return enrichChunks(chunks, result, slot.mirror);
    },
    close() {
      for (const slot of slots) slot.worker.terminate();
    },
  };
}

/**
 * Analysis workers {@linkcode bulkUpsert} starts by default: one per core, at most four.
 * The writing thread needs about a third of what the analysis does per chunk, so on two
 * cores two workers and the writer share both (the scale bench measured one worker's
 * thread as the build's bottleneck); beyond four the writer is.
 */
export function defaultBulkWorkers(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.min(4, Math.max(1, cores));
}

/** Options of {@linkcode bulkUpsert}. */
export interface BulkUpsertOptions {
  /** Analysis workers. Default {@linkcode defaultBulkWorkers}. */
  workers?: number;
  /** Batches analyzed ahead of the one being written, at most. Default 2 per worker. */
  ahead?: number;
  /** The analyzer to use instead of starting workers (tests, or a shared pool). */
  analyzer?: BatchAnalyzer | null;
  signal?: AbortSignal;
}

/**
 * Upserts every batch of `batches` into `store`, in order, each batch all or nothing;
 * returns how many chunks were written. Where workers are available, batches are
 * analyzed ahead while earlier ones are written.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from "./sqlite.ts";
 * import { bulkUpsert } from "./bulk_upsert.ts";
 * const store = openSqliteStore({ path: ":memory:" });
 * const metadata = { documentId: "a", title: "Crown", url: "", heading: "Crown", position: 0, contentHash: "h" };
 * await bulkUpsert(store, [[{ id: "a#0", text: "The ember crown", metadata }]]);
 * console.assert((await store.query({ text: "crown", topK: 1 }))[0].id === "a#0");
 * await store.close();
 * ```
 */
export async function bulkUpsert(
  store: VectorStore,
  batches: Iterable<StoredChunk[]> | AsyncIterable<StoredChunk[]>,
  options: BulkUpsertOptions = {},
): Promise<number> {
  const workers = options.workers ?? defaultBulkWorkers();
  const own = options.analyzer === undefined;
  const analyzer = own ? workerBatchAnalyzer(workers) : options.analyzer;
  const ahead = Math.max(1, options.ahead ?? 2 * Math.max(1, workers));
  const pending: Promise<StoredChunk[]>[] = [];
  let written = 0;
  const writeOldest = async () => {
    const chunks = await pending.shift()!;
    await store.upsert(chunks, options.signal);
    written += chunks.length;
  };
  try {
    for await (const batch of batches) {
      options.signal?.throwIfAborted();
      if (batch.length === 0) continue;
      pending.push(analyzer ? analyzer.enrich(batch) : Promise.resolve(batch));
      while (pending.length > ahead) await writeOldest();
    }
    while (pending.length > 0) await writeOldest();
    return written;
  } finally {
    // Batches analyzed but not written are dropped (nothing of them was stored).
    for (const p of pending) p.catch(() => {});
    if (own) analyzer?.close();
  }
}
