/**
 * The bulk build's worker: receives `{ n, batch }` (a {@linkcode PackedBatch}), answers
 * `{ n, result }` (an `AnalyzedBatch`, its arrays moved) or `{ n, error }`. Runs in a
 * Web Worker beside the thread that writes the store (`bulk_upsert.ts`).
 *
 * @module
 */
import { analyzeBatch, type PackedBatch, transferables } from "./bulk_analysis.ts";
import { TermNumbering } from "./chunk_analysis.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ n: number; batch: PackedBatch }>) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const numbering = new TermNumbering();
scope.onmessage = (event) => {
  const { n, batch } = event.data;
  try {
    const result = analyzeBatch(batch, numbering);
    scope.postMessage({ n, result }, transferables(result));
  } catch (error) {
    scope.postMessage({ n, error: (error as Error).message ?? String(error) });
  }
};
