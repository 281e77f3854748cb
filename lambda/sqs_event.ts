/**
 * S3 notifications delivered through SQS (the template's default wiring): the Lambda
 * event is an SQS batch, each message body an S3 notification. The shapes are told apart
 * by `eventSource` on the first record.
 *
 * @module
 */
import * as z from "zod";
import { parseS3Event, type S3EventRecord } from "./s3_event.ts";

/** One SQS message as Lambda delivers it (the fields the handlers use). */
export const sqsRecordSchema = z.object({
  messageId: z.string().min(1),
  body: z.string(),
  eventSource: z.literal("aws:sqs"),
  receiptHandle: z.string().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

/** An SQS message as the handlers see it. */
export type SqsRecord = z.output<typeof sqsRecordSchema>;

/** True when `event` is an SQS batch (rather than a direct S3 notification). */
export function isSqsEvent(event: unknown): event is { Records: SqsRecord[] } {
  const records = (event as { Records?: unknown })?.Records;
  return Array.isArray(records) && records.length > 0 &&
    (records[0] as { eventSource?: unknown })?.eventSource === "aws:sqs";
}

/**
 * The S3 records inside one SQS message. The `s3:TestEvent` S3 sends when a notification
 * is configured yields none; anything else that is not an S3 notification throws, so
 * the message is reported failed (and, after its retries, dead-lettered).
 */
export function s3RecordsFromSqs(record: unknown): S3EventRecord[] {
  const message = sqsRecordSchema.parse(record);
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    throw new Error(`message ${message.messageId}: body is not JSON`);
  }
  if ((body as { Event?: unknown })?.Event === "s3:TestEvent") return [];
  return parseS3Event(body).Records;
}
