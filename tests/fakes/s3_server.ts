/**
 * A loopback S3 that speaks enough of the REST API for `@aws-sdk/client-s3` with
 * `forcePathStyle: true`: PutObject (with `x-amz-meta-*`, plain or `aws-chunked` bodies),
 * GetObject, HeadObject, DeleteObject, ListObjectsV2 (prefix, delimiter, start-after,
 * continuation) and CreateBucket, with ETags and XML error bodies. Faults can be injected
 * for the next requests or at a seeded random rate. Signatures are not checked.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";

/** One stored object. */
export interface FakeS3Object {
  body: Uint8Array;
  contentType: string;
  /** User metadata, keys without the `x-amz-meta-` prefix, lower case. */
  metadata: Record<string, string>;
  /** Quoted MD5 hex, as S3 returns it. */
  etag: string;
  lastModified: Date;
}

/** A request as the fake saw it, for assertions. */
export interface FakeS3Request {
  method: string;
  bucket: string;
  key: string;
  query: Record<string, string>;
  status?: number;
}

/** A running fake. `objects` is keyed `bucket/key`. */
export interface FakeS3 {
  url: string;
  objects: Map<string, FakeS3Object>;
  requests: FakeS3Request[];
  /** Answers the next `n` requests (matching `match`, when given) with 500 InternalError. */
  failNext(n: number, match?: (request: FakeS3Request) => boolean): void;
  /** Fails each request with probability `rate`, from a seeded generator (0 turns it off). */
  failRandomly(seed: number, rate: number): void;
  /** Stores an object directly (for seeding). */
  put(bucket: string, key: string, body: string | Uint8Array, options?: {
    contentType?: string;
    metadata?: Record<string, string>;
  }): FakeS3Object;
  /** An object's body as text, or undefined. */
  text(bucket: string, key: string): string | undefined;
  close(): Promise<void>;
}

const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorResponse(status: number, code: string, message: string, resource = ""): Response {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${xmlEscape(message)}</Message><Resource>${xmlEscape(resource)}</Resource>` +
    `<RequestId>fake-${crypto.randomUUID()}</RequestId></Error>`;
  return new Response(body, { status, headers: { "content-type": "application/xml" } });
}

/** Deterministic PRNG (mulberry32) for reproducible fault injection. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decodes an `aws-chunked` body: `hex-size[;ext]\r\n data \r\n` … `0\r\n trailers \r\n`. */
export function decodeAwsChunked(bytes: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  const decoder = new TextDecoder();
  let at = 0;
  while (at < bytes.length) {
    let lineEnd = at;
    while (lineEnd + 1 < bytes.length && !(bytes[lineEnd] === 13 && bytes[lineEnd + 1] === 10)) {
      lineEnd++;
    }
    const size = parseInt(decoder.decode(bytes.subarray(at, lineEnd)).split(";")[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  const total = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of out) {
    total.set(b, offset);
    offset += b.length;
  }
  return total;
}

function objectHeaders(object: FakeS3Object): Headers {
  const headers = new Headers({
    "content-type": object.contentType,
    "content-length": String(object.body.length),
    etag: object.etag,
    "last-modified": object.lastModified.toUTCString(),
    "accept-ranges": "bytes",
  });
  for (const [k, v] of Object.entries(object.metadata)) headers.set(`x-amz-meta-${k}`, v);
  return headers;
}

function listObjects(
  objects: Map<string, FakeS3Object>,
  bucket: string,
  query: Record<string, string>,
): Response {
  const prefix = query.prefix ?? "";
  const delimiter = query.delimiter ?? "";
  const maxKeys = Math.min(Number(query["max-keys"] ?? 1000), 1000);
  const after = query["continuation-token"]
    ? atob(query["continuation-token"])
    : (query["start-after"] ?? "");
  const keys = [...objects.keys()]
    .filter((k) => k.startsWith(`${bucket}/`))
    .map((k) => k.slice(bucket.length + 1))
    .filter((k) => k.startsWith(prefix) && k > after)
    .sort();
  const contents: string[] = [];
  const prefixes = new Set<string>();
  let last = "";
  let truncated = false;
  for (const key of keys) {
    if (contents.length + prefixes.size >= maxKeys) {
      truncated = true;
      break;
    }
    last = key;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      prefixes.add(key.slice(0, cut + delimiter.length));
      continue;
    }
    const o = objects.get(`${bucket}/${key}`)!;
    contents.push(
      `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${o.lastModified.toISOString()}` +
        `</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size>` +
        `<StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${XMLNS}">` +
    `<Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
    `<KeyCount>${contents.length + prefixes.size}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>` +
    (delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : "") +
    `<IsTruncated>${truncated}</IsTruncated>` + contents.join("") +
    [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`)
      .join("") +
    (query["continuation-token"]
      ? `<ContinuationToken>${xmlEscape(query["continuation-token"])}</ContinuationToken>`
      : "") +
    (truncated ? `<NextContinuationToken>${btoa(last)}</NextContinuationToken>` : "") +
    `</ListBucketResult>`;
  return new Response(body, { headers: { "content-type": "application/xml" } });
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export function startFakeS3(): Promise<FakeS3> {
  const objects = new Map<string, FakeS3Object>();
  const requests: FakeS3Request[] = [];
  const pending: { left: number; match?: (r: FakeS3Request) => boolean }[] = [];
  let random: (() => number) | null = null;
  let rate = 0;

  const store = (bucket: string, key: string, body: Uint8Array, headers: Headers) => {
    const metadata: Record<string, string> = {};
    for (const [name, value] of headers) {
      if (name.startsWith("x-amz-meta-")) metadata[name.slice("x-amz-meta-".length)] = value;
    }
    const object: FakeS3Object = {
      body,
      contentType: headers.get("content-type") ?? "binary/octet-stream",
      metadata,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
    };
    objects.set(`${bucket}/${key}`, object);
    return object;
  };

  const shouldFail = (request: FakeS3Request) => {
    const rule = pending.find((p) => p.left > 0 && (!p.match || p.match(request)));
    if (rule) {
      rule.left--;
      return true;
    }
    return random !== null && random() < rate;
  };

  const handle = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname.slice(1);
    const slash = path.indexOf("/");
    const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
    const key = slash < 0 ? "" : decodeURIComponent(path.slice(slash + 1));
    const query = Object.fromEntries(url.searchParams);
    const request: FakeS3Request = { method: req.method, bucket, key, query };
    requests.push(request);
    const response = await respond(req, request, url);
    request.status = response.status;
    return response;
  };

  const respond = async (req: Request, request: FakeS3Request, url: URL): Promise<Response> => {
    const { bucket, key, query } = request;
    const body = new Uint8Array(await req.arrayBuffer());
    if (shouldFail(request)) {
      return errorResponse(500, "InternalError", "We encountered an internal error.", url.pathname);
    }
    const resource = `/${bucket}/${key}`;
    if (!bucket) return errorResponse(400, "InvalidRequest", "Path-style requests only.");
    if (req.method === "PUT" && !key) return new Response(null, { status: 200 });
    if (req.method === "PUT") {
      if (req.headers.has("x-amz-copy-source")) {
        return errorResponse(501, "NotImplemented", "CopyObject is not supported.", resource);
      }
      const chunked = (req.headers.get("content-encoding") ?? "").includes("aws-chunked") ||
        (req.headers.get("x-amz-content-sha256") ?? "").startsWith("STREAMING-");
      const object = store(bucket, key, chunked ? decodeAwsChunked(body) : body, req.headers);
      return new Response(null, { status: 200, headers: { etag: object.etag } });
    }
    if (req.method === "GET" && !key) {
      if (query["list-type"] !== "2") {
        return errorResponse(501, "NotImplemented", "Only ListObjectsV2 is supported.", resource);
      }
      return listObjects(objects, bucket, query);
    }
    if (req.method === "GET" || req.method === "HEAD") {
      const object = objects.get(`${bucket}/${key}`);
      if (!object) {
        return req.method === "HEAD"
          ? new Response(null, { status: 404 })
          : errorResponse(404, "NoSuchKey", "The specified key does not exist.", resource);
      }
      const headers = objectHeaders(object);
      return new Response(req.method === "HEAD" ? null : object.body.slice(), { headers });
    }
    if (req.method === "DELETE" && key) {
      objects.delete(`${bucket}/${key}`);
      return new Response(null, { status: 204 });
    }
    return errorResponse(405, "MethodNotAllowed", `${req.method} is not supported.`, resource);
  };

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) => {
        resolve({
          url: `http://127.0.0.1:${port}`,
          objects,
          requests,
          failNext(n, match) {
            pending.push({ left: n, match });
          },
          failRandomly(seed, r) {
            random = r > 0 ? mulberry32(seed) : null;
            rate = r;
          },
          put(bucket, key, body, options = {}) {
            const headers = new Headers({ "content-type": options.contentType ?? "text/html" });
            for (const [k, v] of Object.entries(options.metadata ?? {})) {
              headers.set(`x-amz-meta-${k}`, v);
            }
            const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
            return store(bucket, key, bytes, headers);
          },
          text(bucket, key) {
            const object = objects.get(`${bucket}/${key}`);
            return object ? new TextDecoder().decode(object.body) : undefined;
          },
          close: () => server.shutdown(),
        });
      },
    }, handle);
  });
}

/** An SDK client for the fake: path-style, dummy credentials, no retries unless asked. */
export function fakeS3Client(url: string, maxAttempts = 1): S3Client {
  return new S3Client({
    region: "us-east-1",
    endpoint: url,
    forcePathStyle: true,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts,
  });
}
