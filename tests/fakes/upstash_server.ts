/**
 * A loopback fake of the Upstash Vector REST API, speaking the protocol as the official
 * `@upstash/vector` client uses it: `POST /{command}[/{namespace}]` with a JSON body,
 * Bearer auth, answers wrapped as `{ "result": … }` and errors as `{ "error": … }`
 * with an HTTP status. Dense vectors score by cosine (reported as `(1 + cos) / 2`,
 * like the service), sparse vectors by dot product (optionally IDF-weighted), and both
 * together by reciprocal rank fusion. With `hostedEmbedding`, `upsert-data` and
 * `query-data` embed text by a deterministic hashing trick.
 *
 * @module
 */
import { compileFilter, FilterSyntaxError } from "./upstash_filter.ts";
import { hashEmbed, rank, type Sparse } from "./upstash_scoring.ts";

export { hashEmbed } from "./upstash_scoring.ts";

/** Options for {@linkcode startFakeUpstash}. */
export interface FakeUpstashOptions {
  /** The only token accepted; anything else gets 401. */
  token: string;
  /** Dense dimension of the index. Default 8. */
  dimension?: number;
  /** Accept `data` and embed it (an index created with an embedding model). */
  hostedEmbedding?: boolean;
}

/** One request as the fake saw it. */
export interface RecordedRequest {
  /** Command name: `upsert`, `query-data`, `info`, … */
  command: string;
  /** Namespace from the path; "" for the default one. */
  namespace: string;
  body: unknown;
  /** Status the fake answered with. */
  status: number;
}

/** A stored vector. */
export interface FakeVector {
  id: string;
  vector?: number[];
  sparseVector?: Sparse;
  metadata?: Record<string, unknown>;
  data?: string;
}

/** A running fake; `close` it when the test ends. */
export interface FakeUpstash {
  url: string;
  requests: RecordedRequest[];
  /** Fail the next `n` requests, or every request matching the predicate (until
   * `fail(0)`), with `status` (default 500). Failed requests change nothing. */
  fail(spec: number | ((req: RecordedRequest) => boolean), status?: number): void;
  /** The vectors of a namespace, for assertions. */
  vectors(namespace?: string): FakeVector[];
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Body = Record<string, unknown>;
type Namespaces = Map<string, Map<string, FakeVector>>;

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export function startFakeUpstash(options: FakeUpstashOptions): FakeUpstash {
  const dimension = options.dimension ?? 8;
  const namespaces: Namespaces = new Map([["", new Map()]]);
  const requests: RecordedRequest[] = [];
  let failing: { left: number } | ((r: RecordedRequest) => boolean) | null = null;
  let failStatus = 500;
  const space = (ns: string) => {
    if (!namespaces.has(ns)) namespaces.set(ns, new Map());
    return namespaces.get(ns)!;
  };
  const embed = (text: string) => {
    if (!options.hostedEmbedding) {
      throw new HttpError(
        400,
        "Embedding data for this index is not allowed. The index must be created with an embedding model to use it.",
      );
    }
    return hashEmbed(text, dimension);
  };

  const commands: Record<string, (body: unknown, ns: string, query: string) => unknown> = {
    "upsert": (body, ns) => upsert(space(ns), list(body), dimension, null),
    "upsert-data": (body, ns) => upsert(space(ns), list(body), dimension, embed),
    "query": (body, ns) => queryAll(space(ns), body, null, dimension),
    "query-data": (body, ns) => queryAll(space(ns), body, embed, dimension),
    "fetch": (body, ns) => fetchVectors(space(ns), body as Body),
    "range": (body, ns) => range(space(ns), body as Body),
    "delete": (body, ns) => ({ deleted: remove(space(ns), body as Body) }),
    "reset": (_body, ns, query) => {
      if (query === "all") namespaces.forEach((vectors) => vectors.clear());
      else space(ns).clear();
      return "Success";
    },
    "info": () => info(namespaces, dimension, options.hostedEmbedding ?? false),
    "list-namespaces": () => [...namespaces.keys()],
    "delete-namespace": (_body, ns) => {
      if (ns === "" || !namespaces.delete(ns)) {
        throw new HttpError(404, `Namespace ${ns} not found`);
      }
      return "Success";
    },
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const [command = "", ...rest] = url.pathname.slice(1).split("/");
    const namespace = decodeURIComponent(rest.join("/"));
    const text = await req.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch { /* answered below */ }
    const recorded: RecordedRequest = { command, namespace, body, status: 200 };
    requests.push(recorded);
    const answer = (status: number, payload: unknown) => {
      recorded.status = status;
      return Response.json(status === 200 ? { result: payload } : { error: payload, status }, {
        status,
      });
    };
    if (req.headers.get("authorization") !== `Bearer ${options.token}`) {
      return answer(401, "Unauthorized: Invalid auth token");
    }
    const shouldFail = typeof failing === "function"
      ? failing(recorded)
      : failing !== null && failing.left-- > 0;
    if (shouldFail) return answer(failStatus, "Injected failure");
    if (req.method !== "POST") return answer(405, "Method not allowed");
    if (text && body === null) return answer(400, "Invalid JSON body");
    const handler = commands[command];
    if (!handler) return answer(404, `Unknown command ${command}`);
    try {
      return answer(200, handler(body, namespace, url.search.slice(1)));
    } catch (error) {
      if (error instanceof HttpError) return answer(error.status, error.message);
      if (error instanceof FilterSyntaxError) return answer(400, error.message);
      throw error;
    }
  });

  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    fail(spec, status = 500) {
      failStatus = status;
      failing = typeof spec === "number" ? (spec > 0 ? { left: spec } : null) : spec;
    },
    vectors: (ns = "") => [...(namespaces.get(ns)?.values() ?? [])],
    close: () => server.shutdown(),
  };
}

function list(body: unknown): Body[] {
  const items = Array.isArray(body) ? body : [body];
  if (items.some((v) => !v || typeof v !== "object")) throw new HttpError(400, "Invalid payload");
  return items as Body[];
}

function upsert(
  vectors: Map<string, FakeVector>,
  items: Body[],
  dimension: number,
  embed: ((text: string) => number[]) | null,
): string {
  const parsed = items.map((item): FakeVector => {
    if (item.id === undefined || item.id === "") throw new HttpError(400, "Vector id is required");
    const v: FakeVector = { id: String(item.id) };
    if (embed) {
      if (typeof item.data !== "string") throw new HttpError(400, "data is required");
      v.vector = embed(item.data);
    } else if (Array.isArray(item.vector)) v.vector = item.vector as number[];
    if (!embed && item.sparseVector) {
      v.sparseVector = item.sparseVector as FakeVector["sparseVector"];
    }
    if (!v.vector && !v.sparseVector) {
      throw new HttpError(400, "Either vector or sparseVector is required");
    }
    if (v.vector && v.vector.length !== dimension) {
      throw new HttpError(
        400,
        `Invalid vector dimension: ${v.vector.length}, expected: ${dimension}`,
      );
    }
    if (item.metadata !== undefined) v.metadata = item.metadata as Record<string, unknown>;
    if (typeof item.data === "string") v.data = item.data;
    return v;
  });
  for (const v of parsed) vectors.set(v.id, v);
  return "Success";
}

function queryAll(
  vectors: Map<string, FakeVector>,
  body: unknown,
  embed: ((text: string) => number[]) | null,
  dimension: number,
): unknown {
  const run = (q: Body) => {
    if (embed) {
      if (typeof q.data !== "string") throw new HttpError(400, "data is required");
      q = { ...q, vector: embed(q.data) };
    }
    return query(vectors, q, dimension);
  };
  return Array.isArray(body) ? body.map((q) => run(q as Body)) : run(list(body)[0]);
}

function query(vectors: Map<string, FakeVector>, q: Body, dimension: number): unknown[] {
  const topK = Number(q.topK ?? 10);
  const vector = q.vector as number[] | undefined;
  const sparseVector = q.sparseVector as Sparse | undefined;
  if (!vector && !sparseVector) {
    throw new HttpError(400, "Either vector or sparseVector is required");
  }
  if (vector && vector.length !== dimension) {
    throw new HttpError(400, `Invalid vector dimension: ${vector.length}, expected: ${dimension}`);
  }
  if (q.fusionAlgorithm !== undefined && q.fusionAlgorithm !== "RRF") {
    throw new HttpError(400, "The fake supports only RRF fusion");
  }
  const predicate = compileFilter(String(q.filter ?? ""));
  const candidates = [...vectors.values()].filter((v) => predicate(v.metadata));
  const ranked = rank(candidates, vectors.values(), {
    vector,
    sparseVector,
    idf: q.weightingStrategy === "IDF",
  });
  return ranked.slice(0, topK).map(({ v, s }) => shape(v, q, { score: s }));
}

function shape(v: FakeVector, opts: Body, extra: Record<string, unknown> = {}) {
  const out: Record<string, unknown> = { id: v.id, ...extra };
  if (opts.includeVectors && v.vector) out.vector = v.vector;
  if (opts.includeVectors && v.sparseVector) out.sparseVector = v.sparseVector;
  if (opts.includeMetadata && v.metadata) out.metadata = v.metadata;
  if (opts.includeData && v.data !== undefined) out.data = v.data;
  return out;
}

function fetchVectors(vectors: Map<string, FakeVector>, body: Body): unknown[] {
  if (typeof body.prefix === "string") {
    return [...vectors.values()].filter((v) => v.id.startsWith(body.prefix as string))
      .map((v) => shape(v, body));
  }
  const ids = (body.ids ?? []) as unknown[];
  return ids.map((id) => {
    const v = vectors.get(String(id));
    return v ? shape(v, body) : null;
  });
}

function range(vectors: Map<string, FakeVector>, body: Body) {
  const start = Number(body.cursor ?? 0) || 0;
  const limit = Number(body.limit ?? 10);
  const prefix = typeof body.prefix === "string" ? body.prefix : "";
  const all = [...vectors.values()].filter((v) => v.id.startsWith(prefix));
  const page = all.slice(start, start + limit);
  const next = start + page.length;
  return {
    nextCursor: next < all.length ? String(next) : "",
    vectors: page.map((v) => shape(v, body)),
  };
}

function remove(vectors: Map<string, FakeVector>, body: Body): number {
  let doomed: string[];
  if (Array.isArray(body.ids)) doomed = body.ids.map(String);
  else if (typeof body.prefix === "string") {
    doomed = [...vectors.keys()].filter((id) => id.startsWith(body.prefix as string));
  } else if (typeof body.filter === "string") {
    const predicate = compileFilter(body.filter);
    doomed = [...vectors.values()].filter((v) => predicate(v.metadata)).map((v) => v.id);
  } else throw new HttpError(400, "Either ids, prefix or filter is required");
  return doomed.filter((id) => vectors.delete(id)).length;
}

function info(namespaces: Namespaces, dimension: number, hosted: boolean) {
  const perNamespace: Record<string, { vectorCount: number; pendingVectorCount: number }> = {};
  let total = 0;
  for (const [ns, vectors] of namespaces) {
    perNamespace[ns] = { vectorCount: vectors.size, pendingVectorCount: 0 };
    total += vectors.size;
  }
  return {
    vectorCount: total,
    pendingVectorCount: 0,
    indexSize: total * dimension * 4,
    dimension,
    similarityFunction: "COSINE",
    denseIndex: {
      dimension,
      similarityFunction: "COSINE",
      ...(hosted ? { embeddingModel: "FAKE_HASHING" } : {}),
    },
    namespaces: perNamespace,
  };
}
