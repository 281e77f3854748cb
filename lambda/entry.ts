/**
 * The shape every Lambda entry point shares: on the first invocation, build telemetry
 * (Powertools logger and metrics), read config with its secrets, route library logs into
 * the logger and build the handler; on every invocation, attach the Lambda context to
 * the logs (cold-start flag included) and flush the metrics afterwards, even on failure.
 *
 * @module
 */
import type { Config } from "../lib/config/mod.ts";
import { loadLambdaConfig, once, type SecretReader, secretsReaderFromEnv } from "./runtime.ts";
import { createTelemetry, type Telemetry } from "./telemetry.ts";

/** A built handler: takes the raw event, returns what Lambda should get back. */
export type EventHandler = (event: unknown) => Promise<unknown>;

/**
 * Wraps `build` into a Lambda handler `(event, context)`. `env` is read on the first
 * invocation; a failed start is logged, thrown, and retried on the next invocation.
 */
export function lambdaEntry(
  service: string,
  env: Record<string, string | undefined>,
  build: (config: Config, telemetry: Telemetry) => EventHandler | Promise<EventHandler>,
  readSecret?: SecretReader,
): (event: unknown, context?: unknown) => Promise<unknown> {
  let telemetry: Telemetry | null = null;
  const secrets = readSecret ?? secretsReaderFromEnv(env);
  const start = once(async () => {
    const t = telemetry!;
    const config = await loadLambdaConfig(env, secrets);
    const { secretValues } = await import("../lib/config/mod.ts");
    t.addSecrets(secretValues(config));
    const { forwardLibraryLogs } = await import("./library_logs.ts");
    await forwardLibraryLogs(t.logger, config.logLevel);
    return await build(config, t);
  });
  return async (event, context) => {
    telemetry ??= createTelemetry(service, { logLevel: env.LOG_LEVEL });
    const { logger, metrics } = telemetry;
    if (context && typeof context === "object") {
      logger.addContext(context as Parameters<typeof logger.addContext>[0]);
      metrics.setFunctionName?.(
        String((context as { functionName?: unknown }).functionName ?? service),
      );
    }
    metrics.captureColdStartMetric();
    try {
      return await (await start())(event);
    } catch (error) {
      logger.error("invocation failed", error as Error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
