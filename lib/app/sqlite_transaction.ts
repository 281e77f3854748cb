/**
 * The write transaction of the shared limits file: `BEGIN IMMEDIATE` at once when the
 * lock is free, else retried on a timer (the connection has no busy timeout, so a worker
 * never sleeps on the lock; see `sqlite_limits.ts`). A write that is one statement runs
 * as its own (implicit) transaction, under the same retry.
 *
 * `BEGIN IMMEDIATE` and `COMMIT` are prepared once: `exec` would parse and compile them
 * again for every decision, and a serving worker makes two or more a stream.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction: at once when the lock is free (the usual
 * case, so the result comes back synchronously), else as a promise that retries on a
 * timer. Throws the busy error after `busyTimeoutMs`. `single` runs `fn`, which writes
 * with one statement, in that statement's own transaction instead (no `BEGIN`/`COMMIT`
 * around it), with the same retry.
 */
export type Transaction = (<T>(fn: () => T) => T | Promise<T>) & {
  single<T>(fn: () => T): T | Promise<T>;
};

const SQLITE_BUSY = 5;

/** SQLITE_BUSY: by its code where the runtime gives one (Node), else its message (Deno). */
function isBusy(error: unknown): boolean {
  const e = error as { errcode?: number; message?: string } | null;
  return e?.errcode === SQLITE_BUSY || /^database is locked/.test(e?.message ?? "");
}

type Attempt = <T>(fn: () => T) => { done: true; value: T } | { done: false };

/** The {@linkcode Transaction} of `db` (whose busy timeout is 0). */
export function lockedTransaction(db: DatabaseSync, busyTimeoutMs: number): Transaction {
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const inTransaction: Attempt = (fn) => {
    try {
      begin.run();
    } catch (error) {
      if (isBusy(error)) return { done: false };
      throw error;
    }
    try {
      const value = fn();
      commit.run();
      return { done: true, value };
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw error;
    }
  };
  const alone: Attempt = (fn) => {
    try {
      return { done: true, value: fn() };
    } catch (error) {
      // A refused lock changed nothing: the statement is tried again as a whole.
      if (isBusy(error) && !db.isTransaction) return { done: false };
      throw error;
    }
  };
  const retry = async <T>(attempt: Attempt, fn: () => T): Promise<T> => {
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
  const run = (attempt: Attempt) => <T>(fn: () => T): T | Promise<T> => {
    const first = attempt(fn);
    return first.done ? first.value : retry(attempt, fn);
  };
  return Object.assign(run(inTransaction), { single: run(alone) });
}
