/**
 * The page pool's worker: receives `{ n, job }`, answers `{ n, document }` or
 * `{ n, error }`. Runs in a Web Worker (Deno), one per core.
 *
 * @module
 */
import { pageDocument, type PageJob } from "./page_document.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ n: number; job: PageJob }>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = async (event) => {
  const { n, job } = event.data;
  try {
    scope.postMessage({ n, document: await pageDocument(job) });
  } catch (error) {
    scope.postMessage({ n, error: (error as Error).message ?? String(error) });
  }
};
