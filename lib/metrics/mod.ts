/**
 * Metrics in the Prometheus text format, for `GET /api/metrics`.
 *
 * @module
 */
export { type AppMetrics, createAppMetrics } from "./app_metrics.ts";
export { Counter, Gauge, Histogram, LATENCY_BUCKETS, Registry } from "./registry.ts";
