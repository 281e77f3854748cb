/**
 * Builds LLM providers from the config: the one `LLM_PROVIDER` names (extractive when
 * none), wrapped with the `LLM_FALLBACK` chain and the `LLM_*` timeouts and retries.
 * Adding a provider is one file and one case in {@linkcode createBareProvider}.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { AwsCredentials } from "./bedrock.ts";
import { createExtractiveProvider } from "./extractive.ts";
import { type BreakerProvider, CircuitBreaker, withCircuitBreaker } from "./circuit_breaker.ts";
import type { LlmProvider } from "./provider.ts";
import { createResilientProvider, type ResilientOptions } from "./resilient.ts";

/** The config fields the LLM factory reads (a full {@linkcode Config} will do). */
export type LlmConfig = Pick<
  Config,
  | "llmProvider"
  | "LLM_FALLBACK"
  | "LLM_CONNECT_TIMEOUT_MS"
  | "LLM_FIRST_TOKEN_TIMEOUT_MS"
  | "LLM_TOTAL_TIMEOUT_MS"
  | "LLM_MAX_RETRIES"
  | "LLM_BREAKER_FAILURES"
  | "LLM_BREAKER_COOLDOWN_MS"
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_MODEL"
  | "OPENAI_ORGANIZATION"
  | "AWS_REGION"
  | "AWS_ACCESS_KEY_ID"
  | "AWS_SECRET_ACCESS_KEY"
  | "AWS_SESSION_TOKEN"
  | "AWS_ENDPOINT_URL"
  | "BEDROCK_MODEL_ID"
  | "BEDROCK_ENDPOINT_URL"
>;

/** A provider name the factory knows. */
export type LlmProviderName = Config["llmProvider"];

/** Things the factory passes on instead of reaching for globals; all optional. */
export interface LlmDeps {
  /** The `fetch` the OpenAI SDK uses. */
  fetch?: typeof fetch;
  /** Backoff sleep, jitter and attempt reports for the resilient wrapper. */
  sleep?: ResilientOptions["sleep"];
  random?: ResilientOptions["random"];
  onAttempt?: ResilientOptions["onAttempt"];
  /** Clock of the circuit breakers, in ms (`Date.now`). */
  now?: () => number;
}

/** The providers a request may pick, and the shared backends behind them. */
export interface LlmProviderSet {
  /** One resilient provider per usable backend, keyed by name (see `createLlmProviders`). */
  providers: Record<string, LlmProvider>;
  /** Each backend built, behind its circuit breaker, keyed by name. */
  backends: Partial<Record<LlmProviderName, BreakerProvider>>;
}

/** One choice for the settings picker. */
export interface ModelChoice {
  provider: LlmProviderName;
  model: string;
}

/**
 * Creates the configured provider: `config.llmProvider` first, then each of
 * `LLM_FALLBACK`, under one resilient wrapper. Call `close()` on shutdown.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { createLlmProvider } from "./factory.ts";
 * const llm = createLlmProvider(parseConfig({}));
 * console.assert(llm.name === "extractive");
 * ```
 */
export function createLlmProvider(config: LlmConfig, deps: LlmDeps = {}): LlmProvider {
  return createLlmProviders(config, deps)[config.llmProvider];
}

/**
 * Creates one provider per configured backend, keyed by name, for requests that pick
 * one: each is tried first and falls back along the configured chain. Backends are built
 * once and shared; closing any entry closes them all.
 */
export function createLlmProviders(
  config: LlmConfig,
  deps: LlmDeps = {},
): Record<string, LlmProvider> {
  return createLlmProviderSet(config, deps).providers;
}

/**
 * Like {@linkcode createLlmProviders}, and also hands back the backends: each is built
 * once, behind one circuit breaker shared by every chain and request, so readiness can
 * report the breakers' states.
 */
export function createLlmProviderSet(config: LlmConfig, deps: LlmDeps = {}): LlmProviderSet {
  const bare = new Map<LlmProviderName, BreakerProvider>();
  const get = (name: LlmProviderName) => {
    if (!bare.has(name)) {
      const breaker = new CircuitBreaker({
        name,
        failureThreshold: config.LLM_BREAKER_FAILURES,
        cooldownMs: config.LLM_BREAKER_COOLDOWN_MS,
        now: deps.now,
      });
      bare.set(name, withCircuitBreaker(createBareProvider(name, config, deps), breaker));
    }
    return bare.get(name)!;
  };
  const chain = fallbackChain(config);
  const closeAll = () => {
    for (const provider of bare.values()) provider.close?.();
  };
  const out: Record<string, LlmProvider> = {};
  for (const { provider: name } of listModels(config)) {
    const order = [name, ...chain.filter((n) => n !== name)];
    const wrapped = createResilientProvider({
      providers: order.map(get),
      firstTokenTimeoutMs: config.LLM_FIRST_TOKEN_TIMEOUT_MS,
      totalTimeoutMs: config.LLM_TOTAL_TIMEOUT_MS,
      maxRetries: config.LLM_MAX_RETRIES,
      sleep: deps.sleep,
      random: deps.random,
      onAttempt: deps.onAttempt,
    });
    out[name] = { ...wrapped, close: closeAll };
  }
  return { providers: out, backends: Object.fromEntries(bare) };
}

/** The configured chain: `LLM_PROVIDER` (or extractive), then `LLM_FALLBACK`, no repeats. */
export function fallbackChain(config: Pick<LlmConfig, "llmProvider" | "LLM_FALLBACK">) {
  return [...new Set<LlmProviderName>([config.llmProvider, ...config.LLM_FALLBACK])];
}

/**
 * The provider/model pairs that are usable with this config, the default first: the
 * chain, then OpenAI when a key or base URL is set, Bedrock when credentials or an
 * endpoint are, and the extractive answerer always.
 */
export function listModels(config: LlmConfig): ModelChoice[] {
  const names = new Set(fallbackChain(config));
  if (config.OPENAI_API_KEY || config.OPENAI_BASE_URL) names.add("openai");
  if (config.AWS_ACCESS_KEY_ID || config.BEDROCK_ENDPOINT_URL) names.add("bedrock");
  names.add("extractive");
  return [...names].map((provider) => ({ provider, model: modelOf(provider, config) }));
}

function modelOf(name: LlmProviderName, config: LlmConfig): string {
  if (name === "openai") return config.OPENAI_MODEL;
  if (name === "bedrock") return config.BEDROCK_MODEL_ID;
  return "extractive";
}

/** One backend with no retries or fallback of its own. */
export function createBareProvider(
  name: LlmProviderName,
  config: LlmConfig,
  deps: LlmDeps = {},
): LlmProvider {
  switch (name) {
    case "openai":
      return importedProvider(
        { name, model: config.OPENAI_MODEL, supportsSampling: true },
        async () =>
          (await import("./openai.ts")).createOpenAiProvider({
            model: config.OPENAI_MODEL,
            apiKey: config.OPENAI_API_KEY,
            baseURL: config.OPENAI_BASE_URL,
            organization: config.OPENAI_ORGANIZATION,
            fetch: deps.fetch,
            connectTimeoutMs: config.LLM_CONNECT_TIMEOUT_MS,
          }),
      );
    case "bedrock":
      return importedProvider(
        { name, model: config.BEDROCK_MODEL_ID, supportsSampling: true },
        async () =>
          (await import("./bedrock.ts")).createBedrockProvider({
            region: config.AWS_REGION,
            modelId: config.BEDROCK_MODEL_ID,
            endpoint: config.BEDROCK_ENDPOINT_URL ?? config.AWS_ENDPOINT_URL,
            credentials: awsCredentials(config),
            connectTimeoutMs: config.LLM_CONNECT_TIMEOUT_MS,
          }),
      );
    case "extractive":
      return createExtractiveProvider();
  }
}

/**
 * A provider whose module, and so its SDK, is imported when the provider is built —
 * only the configured providers' SDKs are ever loaded (the OpenAI and AWS SDKs take tens
 * of MB in every serving worker) — and used once it has arrived.
 */
function importedProvider(
  about: Pick<LlmProvider, "name" | "model" | "supportsSampling">,
  load: () => Promise<LlmProvider>,
): LlmProvider {
  let provider: LlmProvider | null = null;
  const loading = load().then((p) => (provider = p));
  // A failed import is reported by the first call that needs the provider.
  loading.catch(() => {});
  return {
    ...about,
    async *stream(system, messages, options, signal) {
      yield* (provider ?? await loading).stream(system, messages, options, signal);
    },
    async ping(signal) {
      await (provider ?? await loading).ping?.(signal);
    },
    close() {
      if (provider) provider.close?.();
      else void loading.then((p) => p.close?.(), () => {});
    },
  };
}

/** Static credentials when both parts are configured; otherwise the SDK's default chain. */
export function awsCredentials(
  config: Pick<LlmConfig, "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" | "AWS_SESSION_TOKEN">,
): AwsCredentials | undefined {
  if (!config.AWS_ACCESS_KEY_ID || !config.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: config.AWS_ACCESS_KEY_ID,
    secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
    sessionToken: config.AWS_SESSION_TOKEN,
  };
}
