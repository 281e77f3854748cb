/**
 * Configuration: the environment parsed once, at the edge, into a typed object that
 * is passed down. No other module reads the environment.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./mod.ts";
 * const config = parseConfig({ PORT: "8123" });
 * console.assert(config.PORT === 8123);
 * ```
 *
 * @module
 */
import { crossFieldProblems, type Env, envSchema, SECRET_KEYS } from "./schema.ts";
export { scrubSecrets } from "./scrub.ts";

export {
  EMBEDDINGS_PROVIDERS,
  type Env,
  LLM_PROVIDERS,
  SECRET_KEYS,
  VECTOR_STORES,
} from "./schema.ts";

/** The application's configuration: the parsed environment plus resolved choices. */
export type Config = Env & {
  /** The LLM provider in use: `LLM_PROVIDER`, or `extractive` when none is set. */
  llmProvider: NonNullable<Env["LLM_PROVIDER"]>;
  /** Effective log level: `LOG_LEVEL`, else debug when `DEBUG`, else info. */
  logLevel: NonNullable<Env["LOG_LEVEL"]>;
  /** Effective log format: `LOG_FORMAT`, else json in production and pretty elsewhere. */
  logFormat: NonNullable<Env["LOG_FORMAT"]>;
};

/** One problem with one variable. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown by {@linkcode parseConfig}; lists every problem, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      "Invalid configuration:\n" +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/**
 * Parses an environment (a plain object of strings) into a {@linkcode Config}.
 * Empty strings count as unset, so `FOO=` in a `.env` file falls back to the default.
 *
 * @throws {ConfigError} listing every invalid variable at once.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") cleaned[key] = value.trim();
  }
  const result = envSchema.safeParse(cleaned);
  const problems: ConfigProblem[] = [
    ...(result.success ? [] : result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "(environment)");
      // Never echo a secret's value back, even inside a validation message.
      const message = (SECRET_KEYS as readonly string[]).includes(variable)
        ? issue.message.replace(cleaned[variable] ?? "\u0000", "[redacted]")
        : issue.message;
      return { variable, message };
    })),
    ...crossFieldProblems(cleaned),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const parsed = result.data;
  return {
    ...parsed,
    llmProvider: parsed.LLM_PROVIDER ?? "extractive",
    logLevel: parsed.LOG_LEVEL ?? (parsed.DEBUG ? "debug" : "info"),
    logFormat: parsed.LOG_FORMAT ?? (parsed.ENV === "production" ? "json" : "pretty"),
  };
}

/** The values of every secret in the config, for scrubbing text before it leaves. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const key of SECRET_KEYS) {
    const value = config[key];
    if (Array.isArray(value)) values.push(...value);
    else if (typeof value === "string" && value.length > 0) values.push(value);
  }
  return values.filter((v) => v.length >= 4);
}

/** A copy of the config safe to print: every secret that is set becomes `[redacted]`. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) {
    const value = copy[key];
    const isSet = Array.isArray(value) ? value.length > 0 : value !== undefined;
    if (isSet) copy[key] = "[redacted]";
  }
  return copy;
}
