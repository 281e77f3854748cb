/**
 * Routes LogTape, which the stores and transports in lib/ log through, into the
 * Powertools logger, so a Lambda writes one structured format with the Lambda context on
 * every line. Loaded with the first invocation's setup: nothing at import time logs.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { configure, type LogRecord } from "@logtape/logtape";
import type { Logger } from "@aws-lambda-powertools/logger";

function renderMessage(record: LogRecord): string {
  return record.message.map((part) => typeof part === "string" ? part : JSON.stringify(part))
    .join("");
}

/** Sends every LogTape record of `lorechat.*` at `level` or above to `logger`. */
export async function forwardLibraryLogs(logger: Logger, level = "info"): Promise<void> {
  const lowest = level === "debug"
    ? "debug"
    : level === "error"
    ? "error"
    : level === "warning"
    ? "warning"
    : "info";
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: {
      powertools: (record) => {
        const attributes = { category: record.category.join("."), ...record.properties };
        const message = renderMessage(record);
        if (record.level === "error" || record.level === "fatal") {
          logger.error(message, attributes);
        } else if (record.level === "warning") logger.warn(message, attributes);
        else if (record.level === "debug" || record.level === "trace") {
          logger.debug(message, attributes);
        } else logger.info(message, attributes);
      },
    },
    loggers: [
      { category: ["lorechat"], lowestLevel: lowest, sinks: ["powertools"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["powertools"] },
    ],
  });
}
