/**
 * The page pool's worker: receives `{ n, job }`, answers `{ n, document, terms }` or
 * `{ n, error }`. Runs in a Web Worker (Deno), one per core. `terms` are the terms its
 * chunk analyses numbered for the first time (see `chunk_analysis.ts`).
 *
 * @module
 */
import { pageDocument, type PageJob } from "./page_document.ts";
import { TermNumbering } from "../vectorstore/chunk_analysis.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ n: number; job: PageJob }>) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const numbering = new TermNumbering();
scope.onmessage = async (event) => {
  const { n, job } = event.data;
  try {
    const document = await pageDocument(job, numbering);
    // The analyses' arrays are views of one buffer (`packAnalyses`): moved, not copied.
    const buffer = document.prepared?.analyses?.[0]?.ids.buffer as ArrayBuffer | undefined;
    scope.postMessage({ n, document, terms: numbering.take() }, buffer ? [buffer] : []);
  } catch (error) {
    scope.postMessage({ n, error: (error as Error).message ?? String(error) });
  }
};
