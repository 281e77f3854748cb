/**
 * The S3 event notification as Lambda receives it, validated with zod, and the key
 * decoding every handler needs.
 *
 * @module
 */
import * as z from "zod";

/** One S3 event record: the fields the handlers use (others are ignored). */
export const s3EventRecordSchema = z.object({
  eventSource: z.literal("aws:s3").optional(),
  eventName: z.string().min(1),
  eventTime: z.string().optional(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      /** URL-encoded as S3 sends it: spaces as `+`, other bytes as `%xx`. */
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
      /** Hex ordering token: a later event for the same key has a greater sequencer. */
      sequencer: z.string().regex(/^[0-9A-Fa-f]+$/).optional(),
    }),
  }),
});

/** An S3 event notification with at least one record. */
export const s3EventSchema = z.object({ Records: z.array(s3EventRecordSchema).min(1) });

/** A validated S3 event. */
export type S3Event = z.output<typeof s3EventSchema>;
/** A validated S3 event record. */
export type S3EventRecord = z.output<typeof s3EventRecordSchema>;

/** Thrown when the event is not an S3 notification: nothing was processed. */
export class InvalidEventError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid S3 event: ${issues.join("; ")}`);
    this.name = "InvalidEventError";
  }
}

/** Validates `event` as an S3 notification. */
export function parseS3Event(event: unknown): S3Event {
  const result = s3EventSchema.safeParse(event);
  if (result.success) return result.data;
  throw new InvalidEventError(
    result.error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`),
  );
}

/**
 * Decodes an object key from an S3 event: `+` is a space, then `%xx` escapes.
 *
 * @throws {URIError} when an escape is malformed.
 *
 * @example
 * ```ts
 * import { decodeS3Key } from "./s3_event.ts";
 * console.assert(decodeS3Key("raw/House+Tallowin+%282%29.html") === "raw/House Tallowin (2).html");
 * ```
 */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}
