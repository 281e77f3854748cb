/**
 * Document claims: a short lease a delivery takes on a document before writing it, with
 * a conditional write (take it only when nobody holds a live one), so two deliveries of
 * the same document at the same time — S3 and SQS are at-least-once, and two Lambda
 * instances may get the same object — produce one stored version. The loser waits for
 * the lease to go, then re-reads the store and finds the document unchanged (same
 * version) or outdated (an older one), and writes nothing.
 *
 * Implementations: {@linkcode memoryClaims} (one process), `claims_sqlite.ts` (a table in
 * the sqlite store's file: every connection and process sharing the file agrees), and
 * `claims_redis.ts` (Upstash Redis `SET NX PX`, for the Upstash store).
 *
 * @module
 */

/** Leases on documents, by id. */
export interface DocumentClaims {
  /** Short name: "memory", "sqlite", "redis". */
  readonly kind: string;
  /**
   * Takes the lease on `documentId` for `ttlMs` unless another owner holds a live one.
   * True when taken (or already held by `owner`).
   */
  acquire(documentId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `owner` still holds it. */
  release(documentId: string, owner: string): Promise<void>;
  /** Releases resources (connections). */
  close?(): Promise<void>;
}

/** Thrown when a lease stayed taken for longer than the wait allowed. */
export class DocumentBusyError extends Error {
  constructor(readonly documentId: string, waitedMs: number) {
    super(`another delivery is indexing ${documentId} (waited ${waitedMs} ms); retry later`);
    this.name = "DocumentBusyError";
  }
}

/** How long a lease lives and how long a second delivery waits for it. */
export interface ClaimTiming {
  /** Lease lifetime: longer than indexing one document can take. Default 15 min. */
  ttlMs?: number;
  /** How long to wait for another holder before giving up. Default 60 s. */
  waitMs?: number;
  /** Pause between attempts. Default 100 ms. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `fn` holding the lease on `documentId`, waiting (polling) while someone else
 * holds it; the lease is released afterwards, also when `fn` throws.
 *
 * @throws {DocumentBusyError} when the lease was not free within `waitMs`.
 */
export async function withClaim<T>(
  claims: DocumentClaims,
  documentId: string,
  fn: () => Promise<T>,
  timing: ClaimTiming = {},
): Promise<T> {
  const owner = crypto.randomUUID();
  const ttl = timing.ttlMs ?? 15 * 60_000;
  const wait = timing.waitMs ?? 60_000;
  const poll = timing.pollMs ?? 100;
  const sleep = timing.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = Date.now();
  while (!(await claims.acquire(documentId, owner, ttl))) {
    if (Date.now() - started >= wait) throw new DocumentBusyError(documentId, wait);
    await sleep(poll);
  }
  try {
    return await fn();
  } finally {
    await claims.release(documentId, owner);
  }
}

/**
 * Claims held in this process's memory: enough when one process writes the store (the
 * CLI, tests), useless across processes.
 *
 * @example
 * ```ts
 * import { memoryClaims } from "./claims.ts";
 * const claims = memoryClaims();
 * console.assert(await claims.acquire("doc", "a", 1000));
 * console.assert(!(await claims.acquire("doc", "b", 1000)));
 * await claims.release("doc", "a");
 * console.assert(await claims.acquire("doc", "b", 1000));
 * ```
 */
export function memoryClaims(now: () => number = Date.now): DocumentClaims {
  const held = new Map<string, { owner: string; expires: number }>();
  return {
    kind: "memory",
    acquire(documentId, owner, ttlMs) {
      const lease = held.get(documentId);
      if (lease && lease.owner !== owner && lease.expires > now()) return Promise.resolve(false);
      held.set(documentId, { owner, expires: now() + ttlMs });
      return Promise.resolve(true);
    },
    release(documentId, owner) {
      if (held.get(documentId)?.owner === owner) held.delete(documentId);
      return Promise.resolve();
    },
  };
}
