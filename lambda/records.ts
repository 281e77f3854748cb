/**
 * Running every record of an S3 event: each is handled even when others fail, one
 * summary line is logged per invocation, and any failure is thrown afterwards (listing
 * the failed keys and why) so Lambda retries the event and, after that, dead-letters it.
 *
 * @module
 */
import type { Logger } from "../lib/log/mod.ts";
import { decodeS3Key, parseS3Event, type S3EventRecord } from "./s3_event.ts";

/** What happened to one record. `failed` carries a reason. */
export interface RecordResult {
  bucket: string;
  key: string;
  outcome: "written" | "unchanged" | "indexed" | "outdated" | "skipped" | "failed";
  reason?: string;
  /** Extra detail for the log line (chunk counts, output keys). */
  detail?: Record<string, unknown>;
}

/** The summary of one invocation, also returned by the handler. */
export interface InvocationSummary {
  function: string;
  records: number;
  ok: number;
  skipped: number;
  failed: number;
  durationMs: number;
  results: RecordResult[];
}

/** Thrown after all records ran when any failed; the message names each failed key. */
export class RecordsFailedError extends Error {
  constructor(readonly failures: { key: string; reason: string }[], total: number) {
    super(
      `${failures.length} of ${total} record(s) failed: ` +
        failures.map((f) => `${f.key}: ${f.reason}`).join("; "),
    );
    this.name = "RecordsFailedError";
  }
}

/** Handles one record whose key is already decoded. Throwing marks the record failed. */
export type RecordHandler = (
  record: S3EventRecord,
  key: string,
) => Promise<Omit<RecordResult, "bucket" | "key">>;

/**
 * Validates `event`, runs `handle` on every record in order, logs a line per record and
 * one `invocation summary` line, and throws {@linkcode RecordsFailedError} if any failed.
 */
export async function runRecords(
  name: string,
  event: unknown,
  handle: RecordHandler,
  logger: Logger,
  now: () => number = () => performance.now(),
): Promise<InvocationSummary> {
  const started = now();
  let records: S3EventRecord[];
  try {
    records = parseS3Event(event).Records;
  } catch (error) {
    logger.error("invalid event", { function: name, error: (error as Error).message });
    logger.info("invocation summary", {
      function: name,
      records: 0,
      ok: 0,
      skipped: 0,
      failed: 1,
      durationMs: Math.round(now() - started),
    });
    throw error;
  }
  const results: RecordResult[] = [];
  for (const record of records) {
    const bucket = record.s3.bucket.name;
    let key = record.s3.object.key;
    let result: RecordResult;
    try {
      key = decodeS3Key(key);
      result = { bucket, key, ...(await handle(record, key)) };
    } catch (error) {
      result = { bucket, key, outcome: "failed", reason: describe(error) };
    }
    results.push(result);
    const line = { function: name, bucket, key, outcome: result.outcome, ...result.detail };
    if (result.outcome === "failed") {
      logger.error("record failed", { ...line, reason: result.reason });
    } else if (result.outcome === "skipped") {
      logger.warn("record skipped", { ...line, reason: result.reason });
    } else logger.info("record done", line);
  }
  const failures = results.filter((r) => r.outcome === "failed");
  const skipped = results.filter((r) => r.outcome === "skipped").length;
  const summary: InvocationSummary = {
    function: name,
    records: results.length,
    ok: results.length - failures.length - skipped,
    skipped,
    failed: failures.length,
    durationMs: Math.round(now() - started),
    results,
  };
  const { results: _, ...counts } = summary;
  logger.info("invocation summary", counts);
  if (failures.length > 0) {
    throw new RecordsFailedError(
      failures.map((f) => ({ key: f.key, reason: f.reason ?? "unknown error" })),
      results.length,
    );
  }
  return summary;
}

/** A one-line reason for an error: its name when not a plain Error, then its message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.name && error.name !== "Error" ? `${error.name}: ` : "";
  return `${name}${error.message || "(no message)"}`;
}
