/**
 * The write transaction of the shared limits file: `BEGIN IMMEDIATE` at once when the
 * lock is free, else retried on a timer (the connection has no busy timeout, so a worker
 * never sleeps on the lock; see `sqlite_limits.ts`).
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction: at once when the lock is free (the usual
 * case, so the result comes back synchronously), else as a promise that retries on a
 * timer. Throws the busy error after `busyTimeoutMs`.
 */
export type Transaction = <T>(fn: () => T) => T | Promise<T>;

const SQLITE_BUSY = 5;

/** SQLITE_BUSY: by its code where the runtime gives one (Node), else its message (Deno). */
function isBusy(error: unknown): boolean {
  const e = error as { errcode?: number; message?: string } | null;
  return e?.errcode === SQLITE_BUSY || /^database is locked/.test(e?.message ?? "");
}

/** The {@linkcode Transaction} of `db` (whose busy timeout is 0). */
export function lockedTransaction(db: DatabaseSync, busyTimeoutMs: number): Transaction {
  const attempt = <T>(fn: () => T): { done: true; value: T } | { done: false } => {
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      if (isBusy(error)) return { done: false };
      throw error;
    }
    try {
      const value = fn();
      db.exec("COMMIT");
      return { done: true, value };
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw error;
    }
  };
  const retry = async <T>(fn: () => T): Promise<T> => {
    const deadline = performance.now() + busyTimeoutMs;
    for (let pause = 0;; pause = Math.min(8, pause * 2 || 1)) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      const result = attempt(fn);
      if (result.done) return result.value;
      if (performance.now() > deadline) {
        throw new Error(`the limits file stayed locked for ${busyTimeoutMs} ms`);
      }
    }
  };
  return <T>(fn: () => T) => {
    const first = attempt(fn);
    return first.done ? first.value : retry(fn);
  };
}
