/**
 * S3 access for ingestion: a client from config, listing and reading objects. Kept out
 * of `mod.ts` so code that never touches S3 (the web app) does not load the AWS SDK; the
 * CLI and the Lambda functions import it. `s3_source.ts` reads a prefix as documents.
 *
 * @module
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import type { Config } from "../config/mod.ts";

/** An `s3://bucket/prefix` location. */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** An object's bytes and the headers ingestion cares about. */
export interface S3ObjectData {
  bytes: Uint8Array;
  contentType?: string;
  metadata: Record<string, string>;
  etag?: string;
}

/** Parses `s3://bucket/prefix`; null when `text` is not an S3 URL. */
export function parseS3Url(text: string): S3Location | null {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(text);
  return match ? { bucket: match[1], prefix: match[2] } : null;
}

/**
 * An S3 client for the configured region. `AWS_ENDPOINT_URL` (a local S3, MinIO, the test
 * fake) switches to path-style addressing. Keys from config are used when both are set;
 * otherwise the SDK's default chain (environment, profile, instance or Lambda role).
 */
export function createS3Client(
  config:
    & Pick<
      Config,
      "AWS_REGION" | "AWS_ENDPOINT_URL" | "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY"
    >
    & Partial<Pick<Config, "AWS_SESSION_TOKEN">>,
  overrides: S3ClientConfig = {},
): S3Client {
  const credentials = config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
    ? {
      accessKeyId: config.AWS_ACCESS_KEY_ID,
      secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
      ...(config.AWS_SESSION_TOKEN ? { sessionToken: config.AWS_SESSION_TOKEN } : {}),
    }
    : undefined;
  return new S3Client({
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL ? { endpoint: config.AWS_ENDPOINT_URL, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
    ...overrides,
  });
}

/** Every key under `prefix`, in S3's (lexicographic) order, following continuations. */
export async function* listObjectKeys(
  client: S3Client,
  location: S3Location,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: location.bucket,
        Prefix: location.prefix,
        ContinuationToken: token,
      }),
      { abortSignal: signal },
    );
    for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** Reads one object whole. */
export async function getObject(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<S3ObjectData> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
    abortSignal: signal,
  });
  const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  return { bytes, contentType: out.ContentType, metadata: out.Metadata ?? {}, etag: out.ETag };
}

/**
 * An object's bytes as a stream, requested when first read and passed on piece by piece
 * as they arrive, so a large object (a wiki dump) is never held whole. Each call is its
 * own GET: a reader that passes over the object twice opens it twice.
 */
export function objectStream(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!reader) {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
          abortSignal: signal,
        });
        const body = out.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined;
        reader = (body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }))
          .getReader();
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await reader?.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

/**
 * An object's user metadata, or null when it does not exist. A 403 also counts as absent:
 * without `s3:ListBucket`, S3 answers a missing key with 403, and callers only use this to
 * skip redundant writes.
 */
export async function headObjectMetadata(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<Record<string, string> | null> {
  try {
    const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: signal,
    });
    return out.Metadata ?? {};
  } catch (error) {
    if (isNotFound(error) || statusOf(error) === 403) return null;
    throw error;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** Whether an SDK error means the object (or key) does not exist. */
export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === "NotFound" || name === "NoSuchKey" || statusOf(error) === 404;
}
