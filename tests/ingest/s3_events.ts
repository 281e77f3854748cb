/**
 * Builders for S3 event notifications in the shape Lambda delivers them, for tests.
 *
 * @module
 */
import type { InvocationSummary } from "../../lambda/records.ts";

/**
 * Encodes a key the way S3 does in event notifications: `%xx` escapes (parentheses and
 * the other RFC 3986 reserved characters included), `/` kept, spaces as `+`.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll("%2F", "/")
    .replaceAll("%20", "+");
}

/** An ObjectCreated:Put event with one record per key (keys given decoded). */
export function objectCreatedEvent(
  bucket: string,
  keys: string[],
  options: { sequencers?: string[] } = {},
): { Records: unknown[] } {
  return {
    Records: keys.map((key, i) => ({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventTime: "2026-01-02T03:04:05.000Z",
      eventName: "ObjectCreated:Put",
      s3: {
        s3SchemaVersion: "1.0",
        configurationId: "test",
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: encodeEventKey(key),
          size: 1,
          eTag: "0123456789abcdef0123456789abcdef",
          sequencer: options.sequencers?.[i] ?? `0065A1B2C3D4E5F6${String(i).padStart(2, "0")}`,
        },
      },
    })),
  };
}

/**
 * A built handler typed for direct S3 events, whose answer is the invocation summary
 * (an SQS batch gets `batchItemFailures` instead).
 */
export function directS3(
  handle: (event: unknown) => Promise<unknown>,
): (event: unknown) => Promise<InvocationSummary> {
  return async (event) => {
    const result = await handle(event);
    if (!result || typeof result !== "object" || !("results" in result)) {
      throw new Error(`not an invocation summary: ${JSON.stringify(result)}`);
    }
    return result as InvocationSummary;
  };
}

/** An SQS batch as Lambda delivers it; each body is given as-is (string) or as JSON. */
export function sqsEvent(bodies: unknown[]): { Records: unknown[] } {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `msg-${i + 1}`,
      receiptHandle: `handle-${i + 1}`,
      body: typeof body === "string" ? body : JSON.stringify(body),
      attributes: { ApproximateReceiveCount: "1", SentTimestamp: "1767323045000" },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:lorechat-raw",
      awsRegion: "us-east-1",
    })),
  };
}
