/**
 * Running every record of an event, in either shape the template can deliver: a direct S3
 * notification, or an SQS batch whose messages each carry one. Every record is handled
 * even when others fail; one line is logged per record (with the object key as
 * correlation id) and one `invocation summary` per invocation; counts and durations go
 * to metrics.
 *
 * - Direct S3: any failure is thrown afterwards, listing the failed keys and why, so
 *   Lambda retries the event and then sends it to the on-failure destination.
 * - SQS: failures are returned as `batchItemFailures` (`ReportBatchItemFailures`, through
 *   Powertools' batch processor), so only the failed messages return to the queue and,
 *   after `maxReceiveCount`, move to the dead-letter queue.
 *
 * @module
 */
import { decodeS3Key, parseS3Event, type S3EventRecord } from "./s3_event.ts";
import { isSqsEvent, s3RecordsFromSqs } from "./sqs_event.ts";
import type { MetricUnitName, RecordLogger, RecordMetrics } from "./telemetry.ts";

/** What happened to one record. `failed` carries a reason. */
export interface RecordResult {
  bucket: string;
  key: string;
  outcome: "written" | "unchanged" | "indexed" | "outdated" | "skipped" | "failed";
  reason?: string;
  /** Extra detail for the log line (chunk counts, output keys). */
  detail?: Record<string, unknown>;
  /** Counts for metrics (e.g. `PagesCleaned`, `ChunksEmbedded`). */
  counts?: Record<string, number>;
}

/** The summary of one direct-S3 invocation, also returned by the handler. */
export interface InvocationSummary {
  function: string;
  records: number;
  ok: number;
  skipped: number;
  failed: number;
  durationMs: number;
  results: RecordResult[];
}

/** The answer to an SQS batch: the messages to retry. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
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

/** Thrown by a record handler that failed after doing some countable work. */
export class RecordError extends Error {
  constructor(message: string, readonly counts: Record<string, number>) {
    super(message);
  }
}

/** Handles one record whose key is already decoded. Throwing marks the record failed. */
export type RecordHandler = (
  record: S3EventRecord,
  key: string,
) => Promise<Omit<RecordResult, "bucket" | "key">>;

/** Where a run reports. */
export interface RunOptions {
  logger: RecordLogger;
  metrics?: RecordMetrics;
  now?: () => number;
}

/** Runs `handle` on each record in order, logging a line and timing each. */
async function handleAll(
  name: string,
  records: S3EventRecord[],
  handle: RecordHandler,
  options: RunOptions,
): Promise<RecordResult[]> {
  const { logger, metrics } = options;
  const now = options.now ?? (() => performance.now());
  const results: RecordResult[] = [];
  for (const record of records) {
    const bucket = record.s3.bucket.name;
    let key = record.s3.object.key;
    const started = now();
    let result: RecordResult;
    try {
      key = decodeS3Key(key);
      logger.setCorrelationId?.(key);
      result = { bucket, key, ...(await handle(record, key)) };
    } catch (error) {
      result = { bucket, key, outcome: "failed", reason: describe(error) };
      if (error instanceof RecordError) result.counts = error.counts;
    }
    const durationMs = Math.round(now() - started);
    results.push(result);
    const line = { function: name, bucket, key, outcome: result.outcome, durationMs };
    if (result.outcome === "failed") {
      logger.error("record failed", { ...line, reason: result.reason });
    } else if (result.outcome === "skipped") {
      logger.warn("record skipped", { ...line, reason: result.reason });
    } else logger.info("record done", { ...line, ...result.detail });
    logger.setCorrelationId?.(undefined);
    metrics?.addMetric("RecordDuration", "Milliseconds", durationMs);
    for (const [metric, value] of Object.entries(result.counts ?? {})) {
      metrics?.addMetric(metric, "Count", value);
    }
  }
  return results;
}

function summarize(name: string, results: RecordResult[], durationMs: number) {
  const failed = results.filter((r) => r.outcome === "failed").length;
  const skipped = results.filter((r) => r.outcome === "skipped").length;
  return {
    function: name,
    records: results.length,
    ok: results.length - failed - skipped,
    skipped,
    failed,
    durationMs,
  };
}

function count(metrics: RecordMetrics | undefined, counts: Record<string, number>): void {
  const units: Record<string, MetricUnitName> = { InvocationDuration: "Milliseconds" };
  for (const [name, value] of Object.entries(counts)) {
    metrics?.addMetric(name, units[name] ?? "Count", value);
  }
}

/**
 * Validates `event` (direct S3 or SQS), runs `handle` on every S3 record in it and
 * reports. Direct S3: returns the summary, or throws {@linkcode RecordsFailedError}.
 * SQS: returns the failed message ids.
 */
export async function runRecords(
  name: string,
  event: unknown,
  handle: RecordHandler,
  options: RunOptions,
): Promise<InvocationSummary | BatchResponse> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const finish = (results: RecordResult[], extra: Record<string, number> = {}) => {
    const summary = { ...summarize(name, results, Math.round(now() - started)), ...extra };
    options.logger.info("invocation summary", summary);
    count(options.metrics, {
      Records: summary.records,
      FailedRecords: summary.failed,
      InvocationDuration: summary.durationMs,
    });
    return summary;
  };
  if (isSqsEvent(event)) return await runSqsBatch(name, event, handle, options, finish);
  let records: S3EventRecord[];
  try {
    records = parseS3Event(event).Records;
  } catch (error) {
    options.logger.error("invalid event", { function: name, error: (error as Error).message });
    finish([], { failed: 1 });
    throw error;
  }
  const results = await handleAll(name, records, handle, options);
  const summary = finish(results);
  if (summary.failed > 0) {
    const failures = results.filter((r) => r.outcome === "failed");
    throw new RecordsFailedError(
      failures.map((f) => ({ key: f.key, reason: f.reason ?? "unknown error" })),
      results.length,
    );
  }
  return { ...summary, results };
}

/** One SQS batch through Powertools' batch processor, messages one after another. */
async function runSqsBatch(
  name: string,
  event: { Records: unknown[] },
  handle: RecordHandler,
  options: RunOptions,
  finish: (results: RecordResult[], extra?: Record<string, number>) => unknown,
): Promise<BatchResponse> {
  const all: RecordResult[] = [];
  let messagesFailed = 0;
  const onMessage = async (message: { messageId: string }) => {
    let results: RecordResult[];
    try {
      results = await handleAll(name, s3RecordsFromSqs(message), handle, options);
    } catch (error) {
      messagesFailed++;
      options.logger.error("message failed", {
        function: name,
        messageId: message.messageId,
        reason: describe(error),
      });
      throw error;
    }
    all.push(...results);
    const failures = results.filter((r) => r.outcome === "failed");
    if (failures.length > 0) {
      messagesFailed++;
      throw new RecordsFailedError(
        failures.map((f) => ({ key: f.key, reason: f.reason ?? "unknown error" })),
        results.length,
      );
    }
  };
  // Messages run one at a time: the correlation id on the shared logger stays true, and
  // the embedding provider sees one document at a time per instance. A batch where every
  // message failed is answered with every id rather than thrown: the effect (all retried)
  // is the same, and the summary is still logged. Loaded on the first SQS batch only.
  const { BatchProcessor, EventType, processPartialResponse } = await import(
    "@aws-lambda-powertools/batch"
  );
  const response = await processPartialResponse(
    event as { Records: { messageId: string; eventSource: string }[] },
    onMessage,
    new BatchProcessor(EventType.SQS),
    { processInParallel: false, throwOnFullBatchFailure: false },
  );
  finish(all, { messages: event.Records.length, messagesFailed });
  return { batchItemFailures: response.batchItemFailures.map((f) => ({ ...f })) };
}

/** A one-line reason for an error: its name when not a plain Error, then its message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.name && error.name !== "Error" ? `${error.name}: ` : "";
  return `${name}${error.message || "(no message)"}`;
}
