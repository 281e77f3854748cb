/**
 * Rate limit and stream cap shared through a small SQLite file, so every worker and
 * every process serving the same `DATA_DIR` counts against the same limits. Each
 * decision is one short `BEGIN IMMEDIATE` transaction (WAL, no fsync: the counts are
 * ephemeral), so workers serialise on the file lock for microseconds.
 *
 * - Rate limit: a token bucket per client key (`perMinute` refill, `burst` capacity),
 *   as the in-memory limiter does; idle buckets are swept.
 * - Stream cap: a row per open stream, leased until `leaseMs` so a crashed worker's
 *   slots come back; beyond `max` a bounded number of requests wait (a row each) and
 *   retry when a slot is freed in this process, or every few ms, up to `maxWaitMs`.
 *
 * A worker never sleeps on the lock: SQLite's busy handler would block the worker's event
 * loop — every stream it serves — for 1 ms, then 2, 5, 10… while another worker holds the
 * lock (or was descheduled holding it on a busy machine). The connection has no busy
 * timeout instead; a transaction that finds the lock taken waits on a timer and tries
 * again, up to `busyTimeoutMs`, while the worker goes on serving.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { GateBusyError, type RateDecision, type RateLimiter, type StreamCap } from "./limits.ts";
import { lockedTransaction, type Transaction } from "./sqlite_transaction.ts";

export { lockedTransaction } from "./sqlite_transaction.ts";

/** Options for {@linkcode openSqliteLimits}. */
export interface SqliteLimitsOptions {
  /** The database file (shared by every worker and process). */
  path: string;
  perMinute: number;
  burst: number;
  maxStreams: number;
  queueSize: number;
  maxWaitMs: number;
  /** How long a stream slot is held at most (a crashed holder's slot frees after it). */
  leaseMs: number;
  now?: () => number;
  /** How long a transaction keeps retrying while another connection holds the lock (5 s). */
  busyTimeoutMs?: number;
}

/** The shared limits, and how to close the file. */
export interface SqliteLimits {
  rate: RateLimiter;
  gate: StreamCap;
  /**
   * The rate limit and a stream slot in one transaction: refused by the rate limit
   * (`ok: false`, no slot taken), admitted with the slot's `release`, or thrown
   * {@linkcode GateBusyError} when no slot frees in time.
   */
  admit(key: string, signal?: AbortSignal): Promise<RateDecision & { release?: () => void }>;
  /** Closes the file (once). */
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rate_buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_slots (id TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_waiters (id TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Opens (creating) the limits file. */
export function openSqliteLimits(options: SqliteLimitsOptions): SqliteLimits {
  const now = options.now ?? (() => Date.now());
  const db = new DatabaseSync(options.path);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  // Opening may wait for another worker's schema work; from then on, nothing sleeps.
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = OFF");
  db.exec(SCHEMA);
  db.exec("PRAGMA busy_timeout = 0");
  const transaction = lockedTransaction(db, busyTimeoutMs);
  const bucket = sqliteBucket(db, options);
  const gate = new SqliteStreamCap(db, transaction, options, now);
  return {
    rate: {
      async limit(key) {
        if (options.perMinute <= 0) return { ok: true, retryAfterSeconds: 0 };
        const t = now();
        return bucket.decision(await transaction(() => bucket.take(key, t)));
      },
    },
    gate,
    async admit(key, signal) {
      const t = now();
      const id = gate.nextId();
      const limited = options.perMinute > 0;
      const step = await transaction(() => {
        const tokens = limited ? bucket.take(key, t) : Infinity;
        return { tokens, slot: tokens >= 1 ? gate.takeStep(id, false, t) : null };
      });
      const decision = limited ? bucket.decision(step.tokens) : { ok: true, retryAfterSeconds: 0 };
      if (!step.slot) return decision;
      return { ...decision, release: await gate.afterTake(step.slot, id, signal) };
    },
    close: () => {
      if (db.isOpen) db.close();
    },
  };
}

/** The token bucket's statements: one take (inside a transaction) and its verdict. */
function sqliteBucket(db: DatabaseSync, options: SqliteLimitsOptions) {
  const ratePerMs = options.perMinute / 60_000;
  const read = db.prepare("SELECT tokens, at FROM rate_buckets WHERE key = ?");
  const write = db.prepare(
    "INSERT INTO rate_buckets (key, tokens, at) VALUES (?, ?, ?) " +
      "ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at",
  );
  // A bucket idle long enough to be full again carries no information.
  const sweep = db.prepare("DELETE FROM rate_buckets WHERE at < ?");
  const fullAfterMs = options.perMinute > 0 ? options.burst / ratePerMs : 0;
  let calls = 0;
  return {
    /** Takes a token from `key`'s bucket if it has one; returns what it held before. */
    take(key: string, t: number): number {
      if (++calls % 1_000 === 0) sweep.run(t - fullAfterMs);
      const row = read.get(key) as { tokens: number; at: number } | undefined;
      const available = row
        ? Math.min(options.burst, row.tokens + (t - row.at) * ratePerMs)
        : options.burst;
      write.run(key, available >= 1 ? available - 1 : available, t);
      return available;
    },
    decision(tokens: number): RateDecision {
      if (tokens >= 1) return { ok: true, retryAfterSeconds: 0 };
      const wait = Math.ceil((1 - tokens) / ratePerMs / 1000);
      return { ok: false, retryAfterSeconds: Math.max(1, wait) };
    },
  };
}

type Take = "taken" | "full" | "queue" | "busy";

/** The stream cap over SQLite rows; see the module comment. */
class SqliteStreamCap implements StreamCap {
  #take: StatementSync;
  /** The open slots, and the waiters other than the given id, in one statement. */
  #counts: StatementSync;
  #expire: StatementSync;
  #release: StatementSync;
  #expireWaiters: StatementSync;
  #addWaiter: StatementSync;
  #dropWaiter: StatementSync;
  #freed = new EventTarget();
  /** Requests of this process waiting for a slot (listening for `freed`). */
  #waiting = 0;
  /** Slot ids are this connection's random prefix and a count: unique, and no UUID each. */
  #prefix = crypto.randomUUID();
  #issued = 0;
  constructor(
    db: DatabaseSync,
    readonly transaction: Transaction,
    readonly options: SqliteLimitsOptions,
    readonly now: () => number,
  ) {
    this.#take = db.prepare("INSERT INTO stream_slots (id, expires) VALUES (?, ?)");
    this.#counts = db.prepare(
      "SELECT (SELECT count(*) FROM stream_slots) AS active, " +
        "(SELECT count(*) FROM stream_waiters WHERE id <> ?) AS ahead",
    );
    this.#expire = db.prepare("DELETE FROM stream_slots WHERE expires < ?");
    this.#release = db.prepare("DELETE FROM stream_slots WHERE id = ?");
    this.#expireWaiters = db.prepare("DELETE FROM stream_waiters WHERE expires < ?");
    this.#addWaiter = db.prepare("INSERT INTO stream_waiters (id, expires) VALUES (?, ?)");
    this.#dropWaiter = db.prepare("DELETE FROM stream_waiters WHERE id = ?");
  }

  /** A new slot id. */
  nextId(): string {
    return `${this.#prefix}:${++this.#issued}`;
  }

  /** Takes a slot if one is free and nobody else waits ahead (`waiting`: this id waits). */
  takeStep(id: string, waiting: boolean, t: number): Take {
    let { active, ahead } = this.#counts.get(id) as { active: number; ahead: number };
    // Expired rows only matter when they would turn the answer, so they are cleared then.
    if (active >= this.options.maxStreams || (!waiting && ahead > 0)) {
      if (active >= this.options.maxStreams) this.#expire.run(t);
      if (!waiting && ahead > 0) this.#expireWaiters.run(t);
      ({ active, ahead } = this.#counts.get(id) as { active: number; ahead: number });
    }
    if (waiting) ahead = 0;
    if (active < this.options.maxStreams && ahead === 0) {
      this.#take.run(id, t + this.options.leaseMs);
      if (waiting) this.#dropWaiter.run(id);
      return "taken";
    }
    if (waiting) return "full";
    if (ahead >= this.options.queueSize || this.options.maxWaitMs === 0) return "busy";
    this.#addWaiter.run(id, t + this.options.maxWaitMs + 1_000);
    return "queue";
  }

  #tryTake(id: string, waiting: boolean): Promise<Take> | Take {
    const t = this.now();
    return this.transaction(() => this.takeStep(id, waiting, t));
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    const id = this.nextId();
    return await this.afterTake(await this.#tryTake(id, false), id, signal);
  }

  /** After the first attempt to take a slot for `id`: refuses, waits in line, or holds. */
  async afterTake(first: Take, id: string, signal?: AbortSignal): Promise<() => void> {
    if (first === "busy") throw new GateBusyError(2);
    if (first === "queue") await this.#wait(id, signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // An event only when a request of this process waits for one (most releases: none).
      const freed = () => {
        if (this.#waiting > 0) this.#freed.dispatchEvent(new Event("freed"));
      };
      // One statement, so its own transaction: no `BEGIN`/`COMMIT` around it.
      const done = this.transaction.single(() => this.#release.run(id));
      // Only when another worker holds the lock does the release finish later; its lease
      // frees the slot should the file stay locked.
      if (done instanceof Promise) done.then(freed, () => {});
      else freed();
    };
  }

  /** Waits in line: retries when a local slot frees, or every 5–50 ms, until the deadline. */
  async #wait(id: string, signal?: AbortSignal): Promise<void> {
    const deadline = this.now() + this.options.maxWaitMs;
    let pause = 5;
    try {
      while (this.now() < deadline) {
        signal?.throwIfAborted();
        await this.#nextChance(Math.min(pause, deadline - this.now()), signal);
        if (await this.#tryTake(id, true) === "taken") return;
        pause = Math.min(50, pause * 2);
      }
    } catch (error) {
      await this.transaction.single(() => this.#dropWaiter.run(id));
      throw error;
    }
    await this.transaction.single(() => this.#dropWaiter.run(id));
    throw new GateBusyError(2);
  }

  #nextChance(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanUp = () => {
        clearTimeout(timer);
        this.#waiting--;
        this.#freed.removeEventListener("freed", done);
        signal?.removeEventListener("abort", aborted);
      };
      const done = () => {
        cleanUp();
        resolve();
      };
      const aborted = () => {
        cleanUp();
        reject(new DOMException("aborted", "AbortError"));
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.#waiting++;
      this.#freed.addEventListener("freed", done);
      signal?.addEventListener("abort", aborted, { once: true });
    });
  }
}
