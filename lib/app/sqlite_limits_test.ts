import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { GateBusyError } from "./limits.ts";
import { lockedTransaction, openSqliteLimits, type SqliteLimitsOptions } from "./sqlite_limits.ts";

/** Two handles on one file stand in for two workers (each has its own connection). */
async function twoWorkers(
  options: Partial<SqliteLimitsOptions>,
  fn: (
    a: ReturnType<typeof openSqliteLimits>,
    b: ReturnType<typeof openSqliteLimits>,
    path: string,
  ) => Promise<void>,
) {
  const dir = await Deno.makeTempDir();
  const full: SqliteLimitsOptions = {
    path: `${dir}/limits.sqlite`,
    perMinute: 6,
    burst: 2,
    maxStreams: 1,
    queueSize: 1,
    maxWaitMs: 1_000,
    leaseMs: 60_000,
    ...options,
  };
  const a = openSqliteLimits(full);
  const b = openSqliteLimits(full);
  try {
    await fn(a, b, full.path);
  } finally {
    a.close();
    b.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the SQLite token bucket is one bucket across workers, with Retry-After from the refill rate", async () => {
  let now = 0;
  await twoWorkers({ now: () => now }, async (a, b) => {
    assert.equal((await a.rate.limit("ip")).ok, true);
    assert.equal((await b.rate.limit("ip")).ok, true);
    const refused = await a.rate.limit("ip");
    assert.equal(refused.ok, false, "the burst of 2 is spent across both workers");
    assert.equal(refused.retryAfterSeconds, 10, "one token per 10 s at 6/min");
    assert.equal((await b.rate.limit("other")).ok, true, "clients are limited separately");
    now += 10_000;
    assert.equal((await b.rate.limit("ip")).ok, true);
    assert.equal((await a.rate.limit("ip")).ok, false);
  });
});

Deno.test("the SQLite stream cap counts slots across workers, queues briefly and hands over", async () => {
  await twoWorkers({}, async (a, b) => {
    const release = await a.gate.acquire();
    const waiting = b.gate.acquire();
    await assert.rejects(() => a.gate.acquire(), GateBusyError, "the queue of 1 is full");
    release();
    const releaseB = await waiting; // b polls and takes the freed slot
    await assert.rejects(() => a.gate.acquire(), GateBusyError);
    releaseB();
    (await a.gate.acquire())();
  });
});

Deno.test("a waiter gives up at the deadline or on abort, and leaves the queue", async () => {
  await twoWorkers({ maxWaitMs: 60 }, async (a, b) => {
    const release = await a.gate.acquire();
    await assert.rejects(() => b.gate.acquire(), GateBusyError);
    const abort = new AbortController();
    const waiting = b.gate.acquire(abort.signal);
    abort.abort();
    await assert.rejects(() => waiting, /abort/i);
    release();
    (await b.gate.acquire())();
  });
});

Deno.test("a slot whose holder died frees itself when its lease ends", async () => {
  let now = 0;
  await twoWorkers({ now: () => now, leaseMs: 1_000, maxWaitMs: 0 }, async (a, b) => {
    await a.gate.acquire(); // never released: the worker "crashed"
    await assert.rejects(() => b.gate.acquire(), GateBusyError);
    now += 1_001;
    (await b.gate.acquire())();
  });
});

Deno.test("a worker waits for another's lock on a timer, never blocking its event loop", async () => {
  await twoWorkers({ busyTimeoutMs: 2_000 }, async (a, _b, path) => {
    // Another worker holds the write lock of the same file.
    const other = new DatabaseSync(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 1);
      const decided = a.rate.limit("ip");
      const release = a.gate.acquire();
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(ticks >= 5, `the event loop kept running (${ticks} ticks)`);
      other.exec("COMMIT");
      assert.equal((await decided).ok, true);
      (await release)();
      clearInterval(ticker);
    } finally {
      other.close();
    }
  });
});

Deno.test("a lock held past the busy timeout fails the decision with a clear error", async () => {
  await twoWorkers({ busyTimeoutMs: 30 }, async (a, _b, path) => {
    const other = new DatabaseSync(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      await assert.rejects(() => a.rate.limit("ip"), /locked for 30 ms/);
      other.exec("ROLLBACK");
      assert.equal((await a.rate.limit("ip")).ok, true, "and works again once it is free");
    } finally {
      other.close();
    }
  });
});

Deno.test("admit decides the rate limit and a slot in one step, across workers", async () => {
  let now = 0;
  await twoWorkers({ now: () => now, burst: 1, maxWaitMs: 0 }, async (a, b) => {
    const first = await a.admit("ip");
    assert.equal(first.ok, true);
    assert.ok(first.release, "admitted with a slot");
    await assert.rejects(() => b.admit("other"), GateBusyError, "the one slot is taken");
    const limited = await b.admit("ip");
    assert.equal(limited.ok, false, "its one token is spent");
    assert.equal(limited.release, undefined, "a refused request takes no slot");
    first.release!();
    now += 10_000;
    const fromB = await b.admit("ip");
    assert.ok(fromB.ok && fromB.release, "b takes the slot a freed");
    fromB.release!();
  });
});

Deno.test("a release while another worker holds the lock frees the slot once the lock is free", async () => {
  await twoWorkers({ busyTimeoutMs: 2_000, maxWaitMs: 0 }, async (a, b, path) => {
    const release = await a.gate.acquire();
    const other = new DatabaseSync(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      release(); // one statement, refused by the lock: retried on a timer
      await new Promise((r) => setTimeout(r, 20));
      other.exec("COMMIT");
      let taken: (() => void) | null = null;
      for (let i = 0; i < 100 && !taken; i++) {
        await new Promise((r) => setTimeout(r, 10));
        taken = await b.gate.acquire().catch(() => null);
      }
      assert.ok(taken, "b takes the slot a released under the lock");
      taken!();
    } finally {
      other.close();
    }
  });
});

Deno.test("lockedTransaction.single retries a statement the lock refused, and rethrows other errors", async () => {
  const dir = await Deno.makeTempDir();
  const db = new DatabaseSync(`${dir}/t.sqlite`);
  const other = new DatabaseSync(`${dir}/t.sqlite`);
  try {
    db.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER)");
    const transaction = lockedTransaction(db, 2_000);
    const insert = db.prepare("INSERT INTO t (n) VALUES (?)");
    assert.equal(transaction.single(() => insert.run(1).changes), 1, "at once when free");
    other.exec("BEGIN IMMEDIATE");
    const later = transaction.single(() => insert.run(2).changes);
    assert.ok(later instanceof Promise, "waits on a timer while the lock is held");
    other.exec("COMMIT");
    assert.equal(await later, 1);
    assert.throws(() => transaction.single(() => db.prepare("SELECT * FROM nowhere").get()));
    const rows = db.prepare("SELECT n FROM t ORDER BY n").all().map((r) => r.n);
    assert.deepEqual(rows, [1, 2]);
  } finally {
    other.close();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
