/**
 * The composition root: builds every service the routes use from the config — store,
 * embedder, LLM providers, chat, metrics, limits — registers each dependency with
 * readiness, and indexes the bundled sample corpus into an empty embedded store.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { createEmbedder } from "../embeddings/mod.ts";
import { indexDocuments, readSourceTree } from "../ingest/mod.ts";
import { type BreakerProvider, createLlmProviderSet } from "../llm/mod.ts";
import { getLogger } from "../log/mod.ts";
import { type AppMetrics, createAppMetrics } from "../metrics/mod.ts";
import { createChatService } from "../rag/mod.ts";
import { createVectorStore, type VectorStore } from "../vectorstore/mod.ts";
import type { Embedder } from "../embeddings/embedder.ts";
import {
  archiveEntries,
  type Collections,
  type Crawler,
  createCollections,
  DEFAULT_COLLECTION,
} from "../collections/mod.ts";
import { instrumentChat } from "./instrument.ts";
import { type ChatLimits, memoryRateLimiter, StreamGate, upstashRateLimiter } from "./limits.ts";
import { type ReadinessCheck, ReadinessFailure } from "./readiness.ts";
import type { AppState } from "./state.ts";

const log = getLogger(["lorechat", "services"]);

/** Services built from the config, plus how to release them. */
export interface Services {
  state: Partial<AppState>;
  close(): Promise<void>;
}

/** Injectable edges, for tests: outbound fetch for providers and stores. */
export interface ServiceDeps {
  fetch?: typeof fetch;
  /** Clock of the providers' circuit breakers, in ms. */
  now?: () => number;
  /** Reads a site or wiki for an admin's URL source (default: the live-site reader). */
  crawl?: Crawler;
}

/** Builds the services the config asks for. */
export async function createServices(config: Config, deps: ServiceDeps = {}): Promise<Services> {
  const store = createVectorStore(config, { fetch: deps.fetch });
  const embedder = createEmbedder(config, { fetch: deps.fetch });
  const { providers, backends } = createLlmProviderSet(config, {
    fetch: deps.fetch,
    now: deps.now,
  });
  const metrics = createAppMetrics();
  const chat = instrumentChat(
    createChatService({
      store,
      embedder: embedder.dimensions ? embedder : null,
      providers,
      defaultProvider: config.llmProvider,
      retrieval: {
        topK: config.RETRIEVAL_TOP_K,
        maxPerPage: config.RETRIEVAL_MAX_PER_PAGE,
        minScore: config.RETRIEVAL_MIN_SCORE,
      },
      maxTokens: config.LLM_MAX_TOKENS,
      temperature: config.LLM_TEMPERATURE,
    }),
    metrics,
  );
  // Collections need a writable DATA_DIR: on with the embedded store or an admin token.
  const collections = config.VECTOR_STORE === "sqlite" || config.ADMIN_TOKEN
    ? createCollections(config, {
      defaultStore: store,
      defaultChat: chat,
      embedder,
      wrapChat: (c) => instrumentChat(c, metrics),
      crawl: deps.crawl,
      fetch: deps.fetch,
    })
    : null;
  if (config.AUTO_INGEST_SAMPLE && config.VECTOR_STORE === "sqlite") {
    await ingestSampleIfEmpty(config, store, embedder, collections);
  }
  const readiness: ReadinessCheck[] = [
    {
      name: `vectorstore:${store.kind}`,
      async check(signal) {
        await store.ping(signal);
        const info = await store.info(signal);
        return {
          documents: info.documents,
          chunks: info.chunks,
          lastIndexedAt: info.lastIndexedAt,
        };
      },
    },
  ];
  const primary = providers[config.llmProvider];
  if (primary?.ping) {
    readiness.push({
      name: `llm:${config.llmProvider}`,
      check: (signal) => primary.ping!(signal).then(() => ({ model: primary.model })),
    });
  }
  for (const [name, backend] of Object.entries(backends)) {
    readiness.push(breakerCheck(name, backend, name === config.llmProvider));
  }
  return {
    state: { store, chat, metrics, readiness, limits: chatLimits(config, metrics), collections },
    async close() {
      metrics.stop();
      await collections?.close();
      for (const p of Object.values(providers)) p.close?.();
      await store.close();
    },
  };
}

/**
 * Reports a provider's circuit breaker. Only the primary's open circuit makes the app
 * unready: a fallback that is down is degraded service, not an outage.
 */
function breakerCheck(name: string, backend: BreakerProvider, primary: boolean): ReadinessCheck {
  return {
    name: `breaker:${name}`,
    check() {
      const { state, failures, retryInMs } = backend.breaker;
      if (primary && state === "open") {
        return Promise.reject(
          new ReadinessFailure(
            `circuit open after ${failures} consecutive failures; probing again in ${
              Math.ceil(retryInMs / 1000)
            } s`,
            { state },
          ),
        );
      }
      return Promise.resolve({ state });
    },
  };
}

function chatLimits(config: Config, metrics: AppMetrics): ChatLimits {
  const rate = config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
    ? upstashRateLimiter({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
      perMinute: config.RATE_LIMIT_PER_MINUTE,
    })
    : memoryRateLimiter({
      perMinute: config.RATE_LIMIT_PER_MINUTE,
      burst: config.RATE_LIMIT_BURST,
    });
  return {
    rate,
    gate: new StreamGate(
      config.MAX_CONCURRENT_STREAMS,
      config.STREAM_QUEUE_SIZE,
      config.STREAM_QUEUE_TIMEOUT_MS,
    ),
    trustProxy: config.TRUST_PROXY,
    onRefuse: (refusal) => metrics.rateLimited.inc({ reason: refusal.code }),
  };
}

/**
 * With no keys and no network the app must still answer: an empty embedded store gets
 * the bundled sample corpus, through the real ingestion pipeline.
 */
async function ingestSampleIfEmpty(
  config: Config,
  store: VectorStore,
  embedder: Embedder,
  collections: Collections | null,
): Promise<void> {
  const info = await store.info();
  if (info.documents > 0) return;
  try {
    await Deno.stat(config.SAMPLE_CORPUS_DIR);
  } catch {
    log.warn("the store is empty and there is no sample corpus at {dir}", {
      dir: config.SAMPLE_CORPUS_DIR,
    });
    return;
  }
  const started = performance.now();
  const entries = readSourceTree(config.SAMPLE_CORPUS_DIR);
  const archived = collections
    ? archiveEntries(entries, collections.service.pages, DEFAULT_COLLECTION)
    : entries;
  const report = await indexDocuments(archived, {
    store,
    embedder,
    chunkOptions: {
      size: config.CHUNK_SIZE,
      overlap: config.CHUNK_OVERLAP,
      unit: config.CHUNK_UNIT,
    },
  });
  log.info("indexed the sample corpus: {documents} pages, {chunks} chunks in {ms} ms", {
    documents: report.indexed,
    chunks: report.chunksAdded,
    ms: Math.round(performance.now() - started),
    failed: report.failed,
  });
}
