/**
 * Cold-start setup shared by the Lambda functions: the environment (with Upstash
 * credentials from Secrets Manager when `UPSTASH_SECRET_ARN` is set) parsed into config
 * once, logging configured as JSON lines, and a memo so a failed start is retried on the
 * next invocation instead of being cached.
 *
 * @module
 */
import { type Config, parseConfig } from "../lib/config/mod.ts";
import { configureLogging } from "../lib/log/mod.ts";

/** Reads a secret's string value (Secrets Manager in AWS; a loopback fake in tests). */
export type SecretReader = (arn: string, region: string, endpoint?: string) => Promise<string>;

/**
 * Reads a secret with `@aws-sdk/client-secrets-manager` (loaded only when needed), with
 * the SDK's default credentials unless `credentials` are given.
 */
export async function readSecretFromAws(
  arn: string,
  region: string,
  endpoint?: string,
  credentials?: { accessKeyId: string; secretAccessKey: string },
): Promise<string> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import(
    "@aws-sdk/client-secrets-manager"
  );
  const client = new SecretsManagerClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error("secret has no string value");
    return out.SecretString;
  } finally {
    client.destroy();
  }
}

/**
 * The environment with Upstash credentials filled in from the secret named by
 * `UPSTASH_SECRET_ARN`. The secret is JSON with `UPSTASH_VECTOR_REST_URL` and
 * `UPSTASH_VECTOR_REST_TOKEN` (or `url` and `token`). Other variables are left alone.
 */
export async function resolveSecrets(
  env: Record<string, string | undefined>,
  readSecret: SecretReader = readSecretFromAws,
): Promise<Record<string, string | undefined>> {
  const arn = env.UPSTASH_SECRET_ARN?.trim();
  if (!arn) return env;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(await readSecret(arn, region, env.AWS_ENDPOINT_URL || undefined));
  } catch (error) {
    // The message never includes the secret's value, only that it could not be used.
    throw new Error(`UPSTASH_SECRET_ARN: could not read the secret (${(error as Error).name})`);
  }
  const url = parsed.UPSTASH_VECTOR_REST_URL ?? parsed.url;
  const token = parsed.UPSTASH_VECTOR_REST_TOKEN ?? parsed.token;
  if (typeof url !== "string" || typeof token !== "string") {
    throw new Error("UPSTASH_SECRET_ARN: the secret must hold a url and a token");
  }
  return { ...env, UPSTASH_VECTOR_REST_URL: url, UPSTASH_VECTOR_REST_TOKEN: token };
}

/** Parses the Lambda environment into config and configures JSON-lines logging. */
export async function loadLambdaConfig(
  env: Record<string, string | undefined>,
  readSecret?: SecretReader,
): Promise<Config> {
  const config = parseConfig(await resolveSecrets(env, readSecret));
  await configureLogging({
    config: { ...config, logFormat: config.LOG_FORMAT ?? "json", LOG_FILE: undefined },
  });
  return config;
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
