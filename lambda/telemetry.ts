/**
 * Logs and metrics of the Lambda functions on Powertools for AWS Lambda: structured JSON
 * lines carrying the Lambda context (request id, function, cold-start flag) and the S3
 * object key as correlation id, and CloudWatch Embedded Metric Format (EMF) blobs written
 * to stdout — CloudWatch turns them into metrics with no API call. Every line passes a
 * scrubber that replaces known secret values. (Library code that logs through LogTape is
 * routed into the same logger by `library_logs.ts`.)
 *
 * @module
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { scrubSecrets } from "../lib/config/scrub.ts";

/** What the record runner logs through (Powertools' Logger; a recorder in tests). */
export interface RecordLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
  /** Tags the following lines with the item being handled (the S3 object key). */
  setCorrelationId?(id: string | undefined): void;
}

/** Units the handlers use, as Powertools spells them. */
export type MetricUnitName = "Count" | "Milliseconds";

/** Where the handlers count things (Powertools' Metrics; a recorder in tests). */
export interface RecordMetrics {
  addMetric(name: string, unit: MetricUnitName, value: number): void;
}

/** The logger, metrics and the secrets their output must never contain. */
export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
  /** Adds values (tokens, keys) that are scrubbed from every later log line. */
  addSecrets(values: Iterable<string>): void;
}

/** CloudWatch namespace of the ingestion metrics. */
export const METRICS_NAMESPACE = "LoreChat/Ingest";

/**
 * Builds the Powertools logger and metrics for one function (`service` names it in every
 * line and as the `service` dimension).
 */
export function createTelemetry(
  service: string,
  options: { logLevel?: string } = {},
): Telemetry {
  const secrets: string[] = [];
  const logger = new Logger({
    serviceName: service,
    logLevel: (options.logLevel ?? "INFO").toUpperCase() as "INFO",
    jsonReplacerFn: (_key: string, value: unknown) =>
      typeof value === "string" && secrets.length > 0 ? scrubSecrets(value, secrets) : value,
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service, logger });
  return {
    logger,
    metrics,
    addSecrets(values) {
      for (const value of values) if (value.length >= 4) secrets.push(value);
    },
  };
}

/** The Powertools unit for a handler's unit name. */
export function metricUnit(unit: MetricUnitName): (typeof MetricUnit)[keyof typeof MetricUnit] {
  return unit === "Count" ? MetricUnit.Count : MetricUnit.Milliseconds;
}

/** Adapts Powertools' Metrics to {@linkcode RecordMetrics}. */
export function recordMetrics(metrics: Metrics): RecordMetrics {
  return { addMetric: (name, unit, value) => metrics.addMetric(name, metricUnit(unit), value) };
}

/** Adapts Powertools' Logger to {@linkcode RecordLogger} (correlation id included). */
export function recordLogger(logger: Logger): RecordLogger {
  return {
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
    setCorrelationId: (id) =>
      id === undefined ? logger.removeKeys(["correlation_id"]) : logger.setCorrelationId(id),
  };
}

/**
 * The logger of handlers built without one: it drops everything (as an unconfigured
 * LogTape logger would). The Lambda entry always passes Powertools'; tests pass theirs.
 */
export const SILENT_LOGGER: RecordLogger = { info() {}, warn() {}, error() {} };
