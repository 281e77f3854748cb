/**
 * Cold-start setup shared by the Lambda functions: the environment, with secrets from
 * Secrets Manager filled in (through Powertools' parameters utility, cached), parsed into
 * config once; and a memo so a failed start is retried on the next invocation instead of
 * being cached.
 *
 * - `UPSTASH_SECRET_ARN`: JSON with `UPSTASH_VECTOR_REST_URL` and
 *   `UPSTASH_VECTOR_REST_TOKEN` (or `url` and `token`), and optionally
 *   `UPSTASH_REDIS_REST_URL` and `UPSTASH_REDIS_REST_TOKEN` (document claims).
 * - `OPENAI_SECRET_ARN`: the API key itself, or JSON with `OPENAI_API_KEY` (or `apiKey`).
 *
 * @module
 */
import type { Config } from "../lib/config/mod.ts";

/** Reads a secret's string value by ARN or name (Secrets Manager; a fake in tests). */
export type SecretReader = (arn: string) => Promise<string>;

/** Options for {@linkcode secretsManagerReader}. */
export interface SecretsReaderOptions {
  region: string;
  /** Secrets Manager endpoint override (a loopback fake in tests). */
  endpoint?: string;
  /** Explicit credentials; the SDK's default chain otherwise. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** How long a value is served from the cache. Default 300 s. */
  maxAgeSeconds?: number;
}

/**
 * A reader backed by Powertools' `SecretsProvider` (loaded, with its SDK client, on the
 * first read only): values are cached for `maxAgeSeconds`, so a retried cold start or two
 * variables naming one secret cost one `GetSecretValue`.
 */
export function secretsManagerReader(options: SecretsReaderOptions): SecretReader {
  type Provider = import("@aws-lambda-powertools/parameters/secrets").SecretsProvider;
  let provider: Promise<Provider> | null = null;
  const maxAge = options.maxAgeSeconds ?? 300;
  return async (arn) => {
    provider ??= import("@aws-lambda-powertools/parameters/secrets").then(({ SecretsProvider }) =>
      new SecretsProvider({
        clientConfig: {
          region: options.region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.credentials ? { credentials: options.credentials } : {}),
        },
      })
    );
    const value = await (await provider).get(arn, { maxAge });
    if (typeof value !== "string") throw new Error("secret has no string value");
    return value;
  };
}

/** A Secrets Manager reader configured from the Lambda environment. */
export function secretsReaderFromEnv(env: Record<string, string | undefined>): SecretReader {
  return secretsManagerReader({
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
    endpoint: env.SECRETS_MANAGER_ENDPOINT_URL || env.AWS_ENDPOINT_URL || undefined,
  });
}

async function readJsonOrString(
  variable: string,
  arn: string,
  readSecret: SecretReader,
): Promise<Record<string, unknown> | string> {
  let text: string;
  try {
    text = await readSecret(arn);
  } catch (error) {
    // Never the value; only that it could not be read, and the kind of error.
    throw new Error(`${variable}: could not read the secret (${(error as Error).name})`);
  }
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === "object" ? parsed : text;
  } catch {
    return text;
  }
}

/**
 * The environment with secrets filled in from the ARNs it names (see the module doc).
 * Secrets are read one after another so two variables naming one secret share the cache.
 * Errors never include a secret's value.
 */
export async function resolveSecrets(
  env: Record<string, string | undefined>,
  readSecret: SecretReader = secretsReaderFromEnv(env),
): Promise<Record<string, string | undefined>> {
  const out = { ...env };
  const upstashArn = env.UPSTASH_SECRET_ARN?.trim();
  if (upstashArn) {
    const secret = await readJsonOrString("UPSTASH_SECRET_ARN", upstashArn, readSecret);
    const fields = typeof secret === "string" ? {} : secret;
    const url = fields.UPSTASH_VECTOR_REST_URL ?? fields.url;
    const token = fields.UPSTASH_VECTOR_REST_TOKEN ?? fields.token;
    if (typeof url !== "string" || typeof token !== "string") {
      throw new Error("UPSTASH_SECRET_ARN: the secret must hold a url and a token");
    }
    Object.assign(out, { UPSTASH_VECTOR_REST_URL: url, UPSTASH_VECTOR_REST_TOKEN: token });
    const { UPSTASH_REDIS_REST_URL: redisUrl, UPSTASH_REDIS_REST_TOKEN: redisToken } = fields;
    if (typeof redisUrl === "string" && typeof redisToken === "string") {
      Object.assign(out, {
        UPSTASH_REDIS_REST_URL: redisUrl,
        UPSTASH_REDIS_REST_TOKEN: redisToken,
      });
    }
  }
  const openAiArn = env.OPENAI_SECRET_ARN?.trim();
  if (openAiArn) {
    const secret = await readJsonOrString("OPENAI_SECRET_ARN", openAiArn, readSecret);
    const key = typeof secret === "string" ? secret.trim() : secret.OPENAI_API_KEY ?? secret.apiKey;
    if (typeof key !== "string" || key === "") {
      throw new Error("OPENAI_SECRET_ARN: the secret must hold an API key");
    }
    out.OPENAI_API_KEY = key;
  }
  return out;
}

/** Parses the Lambda environment (secrets resolved) into config. */
export async function loadLambdaConfig(
  env: Record<string, string | undefined>,
  readSecret?: SecretReader,
): Promise<Config> {
  // Loaded here, not at import: building the config schema is a fifth of a cold import.
  const { parseConfig } = await import("../lib/config/mod.ts");
  return parseConfig(await resolveSecrets(env, readSecret));
}

/** Memoizes an async factory; a rejected attempt is forgotten so the next call retries. */
export function once<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= factory().catch((error) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
