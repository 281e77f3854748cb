/**
 * The page pool's worker: receives `{ n, job }`, answers `{ n, document, terms, packed }`
 * or `{ n, error }`. Runs in a Web Worker (Deno), one per core. `terms` are the terms its
 * chunk analyses numbered for the first time (see `chunk_analysis.ts`); `packed` is the
 * document's prepared chunks in the form they cross threads (`prepared_transfer.ts`);
 * a document sent with them comes without its Markdown.
 *
 * @module
 */
import { pageDocument, type PageJob } from "./page_document.ts";
import { TermNumbering } from "../vectorstore/chunk_analysis.ts";
import { packedBuffers, packPrepared } from "./prepared_transfer.ts";

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
    const terms = numbering.take();
    // Prepared chunks cross packed (`prepared_transfer.ts`), their buffers moved.
    const packed = document.prepared ? packPrepared(document.prepared) : null;
    if (packed) {
      // The chunks stand for the page: its Markdown would only double the message and
      // the reading thread's garbage (`PreparedChunks.markdownDropped`).
      delete document.prepared;
      document.markdown = "";
    }
    const transfer = packed ? packedBuffers(packed) : [];
    scope.postMessage({ n, document, terms, ...(packed ? { packed } : {}) }, transfer);
  } catch (error) {
    scope.postMessage({ n, error: (error as Error).message ?? String(error) });
  }
};
