/**
 * Document claims in a table of the sqlite store's own file. The lease is taken by one
 * conditional statement — insert, or take over a lease that has expired — which sqlite
 * runs under its write lock, so every connection and every process using the file sees
 * one holder at a time.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { DocumentClaims } from "./claims.ts";

const SCHEMA = `CREATE TABLE IF NOT EXISTS ingest_claims (
  document_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
)`;

/**
 * Opens claims on the sqlite file at `path` (the store's file; a second connection).
 *
 * @example
 * ```ts
 * import { sqliteClaims } from "./claims_sqlite.ts";
 * const dir = await Deno.makeTempDir();
 * const claims = sqliteClaims(`${dir}/store.sqlite`);
 * console.assert(await claims.acquire("doc", "a", 60_000));
 * await claims.close!();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function sqliteClaims(
  path: string,
  options: { busyTimeoutMs?: number; now?: () => number } = {},
): DocumentClaims {
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(SCHEMA);
  const now = options.now ?? Date.now;
  const take = db.prepare(
    `INSERT INTO ingest_claims (document_id, owner, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET owner = excluded.owner,
       expires_at = excluded.expires_at
     WHERE ingest_claims.owner = excluded.owner OR ingest_claims.expires_at <= ?`,
  );
  const give = db.prepare("DELETE FROM ingest_claims WHERE document_id = ? AND owner = ?");
  return {
    kind: "sqlite",
    acquire(documentId, owner, ttlMs) {
      const t = now();
      const { changes } = take.run(documentId, owner, t + ttlMs, t);
      return Promise.resolve(Number(changes) === 1);
    },
    release(documentId, owner) {
      give.run(documentId, owner);
      return Promise.resolve();
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
