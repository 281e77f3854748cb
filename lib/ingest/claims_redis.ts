/**
 * Document claims on Upstash Redis (REST), for the Upstash store, which has no
 * conditional write of its own: `SET key owner NX PX ttl` takes the lease atomically.
 * Release deletes the key only if it still names this owner (read, then delete: a lease
 * that outlived its TTL and was taken over in between is the only gap, and the TTL is
 * far longer than indexing a document takes).
 *
 * @module
 */
import { Redis } from "@upstash/redis";
import type { DocumentClaims } from "./claims.ts";

/** Options for {@linkcode redisClaims}. */
export interface RedisClaimsOptions {
  url: string;
  token: string;
  /** Key prefix, e.g. the vector namespace. Default `lorechat:claim:`. */
  prefix?: string;
}

/** Claims on Upstash Redis. */
export function redisClaims(options: RedisClaimsOptions): DocumentClaims {
  const redis = new Redis({
    url: options.url,
    token: options.token,
    enableAutoPipelining: false,
    enableTelemetry: false,
  });
  const key = (id: string) => `${options.prefix ?? "lorechat:claim:"}${id}`;
  return {
    kind: "redis",
    async acquire(documentId, owner, ttlMs) {
      const k = key(documentId);
      if (await redis.set(k, owner, { nx: true, px: ttlMs }) === "OK") return true;
      // Already ours (a retry within the same delivery): extend it.
      if (await redis.get<string>(k) === owner) {
        await redis.set(k, owner, { xx: true, px: ttlMs });
        return true;
      }
      return false;
    },
    async release(documentId, owner) {
      const k = key(documentId);
      if (await redis.get<string>(k) === owner) await redis.del(k);
    },
  };
}
