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
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { GateBusyError, type RateLimiter, type StreamCap } from "./limits.ts";

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
}

/** The shared limits, and how to close the file. */
export interface SqliteLimits {
  rate: RateLimiter;
  gate: StreamCap;
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
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = OFF");
  db.exec(SCHEMA);
  const transaction = <T>(fn: () => T): T => {
    db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      db.exec("COMMIT");
      return result;
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  };
  return {
    rate: sqliteRateLimiter(db, transaction, options, now),
    gate: new SqliteStreamCap(db, transaction, options, now),
    close: () => db.close(),
  };
}

type Transaction = <T>(fn: () => T) => T;

function sqliteRateLimiter(
  db: DatabaseSync,
  transaction: Transaction,
  options: SqliteLimitsOptions,
  now: () => number,
): RateLimiter {
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
    limit(key) {
      if (options.perMinute <= 0) return Promise.resolve({ ok: true, retryAfterSeconds: 0 });
      const t = now();
      const tokens = transaction(() => {
        if (++calls % 1_000 === 0) sweep.run(t - fullAfterMs);
        const row = read.get(key) as { tokens: number; at: number } | undefined;
        const available = row
          ? Math.min(options.burst, row.tokens + (t - row.at) * ratePerMs)
          : options.burst;
        write.run(key, available >= 1 ? available - 1 : available, t);
        return available;
      });
      if (tokens >= 1) return Promise.resolve({ ok: true, retryAfterSeconds: 0 });
      const wait = Math.ceil((1 - tokens) / ratePerMs / 1000);
      return Promise.resolve({ ok: false, retryAfterSeconds: Math.max(1, wait) });
    },
  };
}

/** The stream cap over SQLite rows; see the module comment. */
class SqliteStreamCap implements StreamCap {
  #take: StatementSync;
  #count: StatementSync;
  #expire: StatementSync;
  #release: StatementSync;
  #waiters: StatementSync;
  #expireWaiters: StatementSync;
  #addWaiter: StatementSync;
  #dropWaiter: StatementSync;
  #freed = new EventTarget();

  constructor(
    db: DatabaseSync,
    readonly transaction: Transaction,
    readonly options: SqliteLimitsOptions,
    readonly now: () => number,
  ) {
    this.#take = db.prepare("INSERT INTO stream_slots (id, expires) VALUES (?, ?)");
    this.#count = db.prepare("SELECT count(*) AS n FROM stream_slots");
    this.#expire = db.prepare("DELETE FROM stream_slots WHERE expires < ?");
    this.#release = db.prepare("DELETE FROM stream_slots WHERE id = ?");
    this.#waiters = db.prepare("SELECT count(*) AS n FROM stream_waiters WHERE id <> ?");
    this.#expireWaiters = db.prepare("DELETE FROM stream_waiters WHERE expires < ?");
    this.#addWaiter = db.prepare("INSERT INTO stream_waiters (id, expires) VALUES (?, ?)");
    this.#dropWaiter = db.prepare("DELETE FROM stream_waiters WHERE id = ?");
  }

  /** Takes a slot if one is free and nobody else waits ahead (`waiting`: this id waits). */
  #tryTake(id: string, waiting: boolean): "taken" | "full" | "queue" | "busy" {
    const t = this.now();
    return this.transaction(() => {
      this.#expire.run(t);
      this.#expireWaiters.run(t);
      const active = (this.#count.get() as { n: number }).n;
      const ahead = waiting ? 0 : (this.#waiters.get(id) as { n: number }).n;
      if (active < this.options.maxStreams && ahead === 0) {
        this.#take.run(id, t + this.options.leaseMs);
        if (waiting) this.#dropWaiter.run(id);
        return "taken";
      }
      if (waiting) return "full";
      if (ahead >= this.options.queueSize || this.options.maxWaitMs === 0) return "busy";
      this.#addWaiter.run(id, t + this.options.maxWaitMs + 1_000);
      return "queue";
    });
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    const id = crypto.randomUUID();
    const first = this.#tryTake(id, false);
    if (first === "busy") throw new GateBusyError(2);
    if (first === "queue") await this.#wait(id, signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.transaction(() => this.#release.run(id));
      this.#freed.dispatchEvent(new Event("freed"));
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
        if (this.#tryTake(id, true) === "taken") return;
        pause = Math.min(50, pause * 2);
      }
    } catch (error) {
      this.transaction(() => this.#dropWaiter.run(id));
      throw error;
    }
    this.transaction(() => this.#dropWaiter.run(id));
    throw new GateBusyError(2);
  }

  #nextChance(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanUp = () => {
        clearTimeout(timer);
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
      this.#freed.addEventListener("freed", done);
      signal?.addEventListener("abort", aborted, { once: true });
    });
  }
}
