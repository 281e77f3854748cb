/**
 * Amazon Titan Text Embeddings v2 on Bedrock through the official
 * `@aws-sdk/client-bedrock-runtime` `InvokeModelCommand`. Titan takes one text per call,
 * so texts run with bounded concurrency; throttling is retried with backoff, and vectors
 * come back unit length, in input order, at 256, 512 or 1024 dimensions.
 *
 * @module
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { l2Normalize, mapBounded, type RetryPolicy, retryTransient } from "./batching.ts";
import { type Embedder, EmbeddingError } from "./embedder.ts";

/** Vector sizes Titan Text Embeddings v2 supports. */
export const TITAN_V2_DIMENSIONS = [256, 512, 1024] as const;

/** Titan v2 reads at most this many characters of one input. */
const MAX_INPUT_CHARS = 50_000;

/** Options for {@linkcode createBedrockEmbedder}. */
export interface BedrockEmbedderOptions extends RetryPolicy {
  region: string;
  /** Model id, e.g. `amazon.titan-embed-text-v2:0`. */
  modelId: string;
  /** 256, 512 or 1024. */
  dimensions: number;
  /** Endpoint override (VPC endpoint, or a loopback fake in tests). */
  endpoint?: string;
  /** Static credentials; omitted, the SDK's default chain applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Calls in flight at once (4). */
  concurrency?: number;
  /** A client to use instead of building one. */
  client?: BedrockRuntimeClient;
}

/**
 * Creates a Titan v2 embedder.
 *
 * @throws {EmbeddingError} `invalid` when `dimensions` is not one Titan v2 supports.
 */
export function createBedrockEmbedder(options: BedrockEmbedderOptions): Embedder {
  if (!(TITAN_V2_DIMENSIONS as readonly number[]).includes(options.dimensions)) {
    throw new EmbeddingError(
      `bedrock embeddings: Titan v2 supports ${
        TITAN_V2_DIMENSIONS.join(", ")
      } dimensions, not ${options.dimensions}`,
      "invalid",
    );
  }
  const client = options.client ?? new BedrockRuntimeClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 1,
    requestHandler: new FetchHttpHandler(),
  });
  const decoder = new TextDecoder();

  async function embedOne(text: string, signal?: AbortSignal): Promise<number[]> {
    let body: Uint8Array;
    try {
      const response = await client.send(
        new InvokeModelCommand({
          modelId: options.modelId,
          contentType: "application/json",
          accept: "application/json",
          body: JSON.stringify({
            inputText: text.slice(0, MAX_INPUT_CHARS),
            dimensions: options.dimensions,
            normalize: true,
          }),
        }),
        { abortSignal: signal },
      );
      body = response.body;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw toEmbeddingError(error);
    }
    const { embedding } = JSON.parse(decoder.decode(body)) as { embedding?: number[] };
    if (!Array.isArray(embedding) || embedding.length !== options.dimensions) {
      throw new EmbeddingError(
        `bedrock embeddings: expected ${options.dimensions} dimensions, got ${embedding?.length}`,
        "invalid",
      );
    }
    return l2Normalize(embedding);
  }

  const embedDocuments = (texts: string[], signal?: AbortSignal) =>
    mapBounded(
      texts,
      options.concurrency ?? 4,
      (text) => retryTransient(() => embedOne(text, signal), options, signal),
    );

  return {
    kind: "bedrock",
    dimensions: options.dimensions,
    embedDocuments,
    async embedQuery(text: string, signal?: AbortSignal): Promise<number[] | null> {
      const [vector] = await embedDocuments([text], signal);
      return vector;
    },
  };
}

const KIND_BY_NAME: Record<string, EmbeddingError["kind"]> = {
  ThrottlingException: "rate_limit",
  ServiceQuotaExceededException: "rate_limit",
  ServiceUnavailableException: "unavailable",
  InternalServerException: "unavailable",
  ModelNotReadyException: "unavailable",
  ModelTimeoutException: "timeout",
  TimeoutError: "timeout",
  ValidationException: "invalid",
  ResourceNotFoundException: "invalid",
  ModelErrorException: "invalid",
  AccessDeniedException: "auth",
  UnrecognizedClientException: "auth",
  InvalidSignatureException: "auth",
  ExpiredTokenException: "auth",
  CredentialsProviderError: "auth",
};

function toEmbeddingError(error: unknown): EmbeddingError {
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode;
  let kind = KIND_BY_NAME[e.name ?? ""];
  if (!kind && status === 429) kind = "rate_limit";
  else if (!kind && status !== undefined && status >= 500) kind = "unavailable";
  else if (!kind && (status === 401 || status === 403)) kind = "auth";
  else if (!kind && status !== undefined && status >= 400) kind = "invalid";
  // No service error name and no status: the request never got an answer.
  kind ??= "unavailable";
  return new EmbeddingError(`bedrock embeddings: ${e.name ?? "error"} (${e.message ?? ""})`, kind, {
    cause: error,
  });
}
