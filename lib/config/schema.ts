/**
 * The one schema over the environment. Every variable LoreChat reads is declared
 * here, with its default, so `parseConfig` can list every problem at once.
 *
 * @module
 */
import * as z from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off", ""])
  .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on");

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Comma-separated list → trimmed, non-empty strings. */
const list = z
  .string()
  .transform((s) => s.split(",").map((p) => p.trim()).filter((p) => p.length > 0));

const optionalUrl = z.url().optional();

/** Names of the LLM providers the factory knows. */
export const LLM_PROVIDERS = ["openai", "bedrock", "extractive"] as const;
/** Names of the embedders the factory knows. */
export const EMBEDDINGS_PROVIDERS = ["none", "openai", "bedrock"] as const;
/** Names of the vector stores the factory knows. */
export const VECTOR_STORES = ["sqlite", "upstash"] as const;

/** Raw environment schema: keys are the variable names, so errors name the variable. */
export const envSchema = z.object({
  ENV: z.enum(["development", "production", "test"]).default("development"),
  DEBUG: bool.default(false),
  LOG_LEVEL: z.enum(["debug", "info", "warning", "error"]).optional(),
  LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
  LOG_FILE: z.string().min(1).optional(),
  LOG_FILE_MAX_BYTES: int(1024, 1024 ** 3).default(10 * 1024 * 1024),
  LOG_FILE_MAX_FILES: int(1, 100).default(5),
  PORT: int(0, 65535).default(8000),
  /** Serving workers sharing the port: a number, or `auto` for one per CPU. */
  SERVER_WORKERS: z.string().regex(/^(auto|[1-9][0-9]{0,3})$/, "a number or auto").default("1"),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default(".data"),
  /** Static files and prebuilt island bundles (`<dir>/_islands/`); default the project's `static/`. */
  STATIC_DIR: z.string().min(1).optional(),
  SAMPLE_CORPUS_DIR: z.string().min(1).default("sample/lore"),
  AUTO_INGEST_SAMPLE: bool.default(true),
  MAX_BODY_BYTES: int(1024, 50 * 1024 * 1024).default(256 * 1024),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  READY_TIMEOUT_MS: int(50, 60_000).default(2_000),
  API_KEYS: list.default([]),
  METRICS_TOKEN: z.string().min(1).optional(),

  LLM_PROVIDER: z.enum(LLM_PROVIDERS).optional(),
  LLM_FALLBACK: list.pipe(z.array(z.enum(LLM_PROVIDERS))).default([]),
  LLM_CONNECT_TIMEOUT_MS: int(100, 600_000).default(10_000),
  LLM_FIRST_TOKEN_TIMEOUT_MS: int(100, 600_000).default(30_000),
  LLM_TOTAL_TIMEOUT_MS: int(1_000, 3_600_000).default(120_000),
  LLM_MAX_RETRIES: int(0, 10).default(2),
  /** Consecutive retryable failures that open a provider's circuit breaker. */
  LLM_BREAKER_FAILURES: int(1, 1_000).default(5),
  /** How long an open circuit fails fast before one probe call is let through. */
  LLM_BREAKER_COOLDOWN_MS: int(50, 3_600_000).default(30_000),
  LLM_MAX_TOKENS: int(16, 200_000).default(1024),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.2),

  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default("text-embedding-3-small"),
  OPENAI_ORGANIZATION: z.string().min(1).optional(),

  AWS_REGION: z.string().min(1).default("us-east-1"),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
  AWS_ENDPOINT_URL: optionalUrl,
  BEDROCK_MODEL_ID: z.string().min(1).default("anthropic.claude-3-5-haiku-20241022-v1:0"),
  BEDROCK_EMBEDDING_MODEL_ID: z.string().min(1).default("amazon.titan-embed-text-v2:0"),
  BEDROCK_ENDPOINT_URL: optionalUrl,

  EMBEDDINGS_PROVIDER: z.enum(EMBEDDINGS_PROVIDERS).default("none"),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().pipe(z.union([
    z.literal(256),
    z.literal(512),
    z.literal(1024),
    z.literal(1536),
  ])).default(512),
  EMBEDDINGS_BATCH_SIZE: int(1, 2048).default(64),
  EMBEDDINGS_CONCURRENCY: int(1, 64).default(4),

  VECTOR_STORE: z.enum(VECTOR_STORES).default("sqlite"),
  UPSTASH_VECTOR_REST_URL: optionalUrl,
  UPSTASH_VECTOR_REST_TOKEN: z.string().min(1).optional(),
  UPSTASH_VECTOR_NAMESPACE: z.string().default(""),
  UPSTASH_VECTOR_MODE: z.enum(["dense", "hybrid", "hosted"]).default("dense"),
  /** Per-attempt timeout of Upstash Vector requests (each is retried twice on failure). */
  UPSTASH_VECTOR_TIMEOUT_MS: int(50, 120_000).default(10_000),
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  /** Lambda: read UPSTASH_VECTOR_REST_URL/TOKEN from this Secrets Manager secret (JSON). */
  UPSTASH_SECRET_ARN: z.string().min(1).optional(),

  RETRIEVAL_TOP_K: int(1, 100).default(6),
  RETRIEVAL_MAX_PER_PAGE: int(1, 20).default(2),
  RETRIEVAL_MIN_SCORE: z.coerce.number().min(0).default(0),
  CHUNK_SIZE: int(100, 20_000).default(1200),
  CHUNK_OVERLAP: int(0, 5_000).default(150),
  CHUNK_UNIT: z.enum(["chars", "tokens"]).default("chars"),
  /** Key prefixes of the S3 ingestion pipeline: raw pages in, cleaned Markdown out. */
  INGEST_RAW_PREFIX: z.string().min(1).default("raw/"),
  INGEST_PROCESSED_PREFIX: z.string().min(1).default("processed/"),

  RATE_LIMIT_PER_MINUTE: int(0, 100_000).default(30),
  RATE_LIMIT_BURST: int(1, 100_000).default(10),
  TRUST_PROXY: bool.default(false),
  STREAM_QUEUE_TIMEOUT_MS: int(0, 60_000).default(2_000),
  MAX_CONCURRENT_STREAMS: int(1, 100_000).default(64),
  STREAM_QUEUE_SIZE: int(0, 100_000).default(32),
  /** Enables the admin area and its API (`/admin`, `/api/collections`); unset: they 404. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Largest file an admin may upload (413 beyond). */
  MAX_UPLOAD_BYTES: int(1024, 10 * 1024 ** 3).default(100 * 1024 * 1024),
});

/**
 * Rules that tie variables together. They read the raw strings, so they run (and
 * report) even when other variables fail to parse: every problem is listed at once.
 */
export function crossFieldProblems(
  raw: Record<string, string>,
): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const needs = (when: boolean, variable: string, why: string) => {
    if (when && !raw[variable]) problems.push({ variable, message: `required ${why}` });
  };
  const providers = [raw.LLM_PROVIDER, ...(raw.LLM_FALLBACK ?? "").split(",")]
    .map((p) => p?.trim());
  needs(
    providers.includes("openai") && !raw.OPENAI_BASE_URL,
    "OPENAI_API_KEY",
    "when LLM_PROVIDER or LLM_FALLBACK uses openai without OPENAI_BASE_URL",
  );
  needs(
    raw.EMBEDDINGS_PROVIDER === "openai" && !raw.OPENAI_BASE_URL,
    "OPENAI_API_KEY",
    "when EMBEDDINGS_PROVIDER=openai without OPENAI_BASE_URL",
  );
  const upstash = raw.VECTOR_STORE === "upstash";
  needs(upstash, "UPSTASH_VECTOR_REST_URL", "when VECTOR_STORE=upstash");
  needs(upstash, "UPSTASH_VECTOR_REST_TOKEN", "when VECTOR_STORE=upstash");
  const size = Number(raw.CHUNK_SIZE ?? 1200);
  const overlap = Number(raw.CHUNK_OVERLAP ?? 150);
  if (overlap >= size) {
    problems.push({ variable: "CHUNK_OVERLAP", message: "must be smaller than CHUNK_SIZE" });
  }
  return problems;
}

/** The environment after parsing: typed, defaults applied. */
export type Env = z.output<typeof envSchema>;

/** Variables whose values are secrets: never printed, logged or returned. */
export const SECRET_KEYS = [
  "OPENAI_API_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "UPSTASH_VECTOR_REST_TOKEN",
  "UPSTASH_REDIS_REST_TOKEN",
  "METRICS_TOKEN",
  "API_KEYS",
  "ADMIN_TOKEN",
] as const satisfies readonly (keyof Env)[];
