/**
 * Logging on LogTape: one `configureLogging` call at the edge, `getLogger` everywhere
 * else. Console lines are pretty in development and JSON lines in production; an
 * optional rotating file sink mirrors them. Every line passes through a scrubber that
 * replaces configured secret values, so a key that slips into a message never lands.
 *
 * Request ids travel in LogTape's implicit context: code running inside
 * `withLogContext({ requestId }, fn)` logs that id on every line without passing it.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  configure,
  getAnsiColorFormatter,
  getJsonLinesFormatter,
  type LogRecord,
  reset,
  type Sink,
  type TextFormatter,
  withContext,
} from "@logtape/logtape";
import { getRotatingFileSink } from "@logtape/file";
import { type Config, scrubSecrets, secretValues } from "../config/mod.ts";

export { getLogger, type Logger } from "@logtape/logtape";

/** Options for {@linkcode configureLogging}; everything but `config` is for tests. */
export interface LoggingOptions {
  config:
    & Pick<
      Config,
      "logLevel" | "logFormat" | "LOG_FILE" | "LOG_FILE_MAX_BYTES" | "LOG_FILE_MAX_FILES"
    >
    & Partial<Config>;
  /** Where console lines go; defaults to `console.log`. */
  write?: (line: string) => void;
  /** Extra secret values to scrub besides those in the config. */
  secrets?: string[];
}

const levelMap = { debug: "debug", info: "info", warning: "warning", error: "error" } as const;

/** Wraps a text formatter so no secret value survives into the output. */
function scrubbing(formatter: TextFormatter, secrets: string[]): TextFormatter {
  if (secrets.length === 0) return formatter;
  return (record: LogRecord) => scrubSecrets(formatter(record), secrets);
}

/** Sets up LogTape for the whole process. Safe to call again (tests reconfigure). */
export async function configureLogging(options: LoggingOptions): Promise<void> {
  const { config } = options;
  const secrets = [
    ...("OPENAI_API_KEY" in config ? secretValues(config as Config) : []),
    ...(options.secrets ?? []),
  ];
  const json = scrubbing(getJsonLinesFormatter({ properties: "flatten" }), secrets);
  const pretty = scrubbing(
    getAnsiColorFormatter({ timestamp: "time" }),
    secrets,
  );
  const format = config.logFormat === "json" ? json : pretty;
  const write = options.write ?? ((line: string) => console.log(line.trimEnd()));
  const sinks: Record<string, Sink> = {
    console: (record) => write(format(record)),
  };
  if (config.LOG_FILE) {
    sinks.file = getRotatingFileSink(config.LOG_FILE, {
      formatter: json,
      maxSize: config.LOG_FILE_MAX_BYTES,
      maxFiles: config.LOG_FILE_MAX_FILES,
    });
  }
  await configure({
    reset: true,
    sinks,
    contextLocalStorage: new AsyncLocalStorage(),
    loggers: [
      {
        category: ["lorechat"],
        lowestLevel: levelMap[config.logLevel],
        sinks: Object.keys(sinks),
      },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}

/** Runs `fn` with `properties` attached to every log line written inside it. */
export function withLogContext<T>(properties: Record<string, unknown>, fn: () => T): T {
  return withContext(properties, fn);
}

/** Flushes and removes every sink (at shutdown and between tests). */
export async function resetLogging(): Promise<void> {
  await reset();
}
