/**
 * Write batches of an indexing run: several documents' writes in one store transaction
 * (`VectorStore.beginWriteBatch`), ended after `writeBatch` documents or
 * {@linkcode WRITE_BATCH_MS}, whichever comes first, and at the end of the run.
 *
 * @module
 */
import type { DocumentClaims } from "./claims.ts";
import type { VectorStore } from "../vectorstore/store.ts";

/** Longest a write batch stays open (it holds the store's write lock), in ms. */
export const WRITE_BATCH_MS = 500;

/** What {@linkcode writeBatcher} reads of the run's options. */
export interface WriteBatchOptions {
  store: VectorStore;
  writeBatch?: number;
  claims?: DocumentClaims;
  signal?: AbortSignal;
}

/** Brackets each document of a run. */
export interface WriteBatcher {
  /** Before a document is written: opens a batch when none is open. */
  before(): Promise<void>;
  /** After a document: ends the batch when it is full or old. */
  after(): Promise<void>;
  /** At the end of the run (also on failure): commits the open batch. */
  end(): Promise<void>;
}

/**
 * Opens and ends the store's write batches around documents; does nothing when the
 * store cannot batch, `writeBatch` is 1 or less, or claims are in use.
 */
export function writeBatcher(options: WriteBatchOptions): WriteBatcher {
  const { store, signal } = options;
  const size = options.claims ? 1 : options.writeBatch ?? 1;
  const usable = size > 1 && store.beginWriteBatch && store.endWriteBatch;
  let open = false;
  let documents = 0;
  let openedAt = 0;
  const end = async () => {
    if (!open) return;
    open = false;
    await store.endWriteBatch!();
  };
  return {
    async before() {
      if (!usable || open) return;
      await store.beginWriteBatch!(signal);
      open = true;
      documents = 0;
      openedAt = performance.now();
    },
    async after() {
      if (open && (++documents >= size || performance.now() - openedAt >= WRITE_BATCH_MS)) {
        await end();
      }
    },
    end,
  };
}
