/**
 * The composition root: builds every service the routes use from the config — store,
 * embedder, LLM providers, chat, metrics, limits — registers each dependency with
 * readiness, and indexes the bundled sample corpus into an empty embedded store.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { loadEmbedder } from "../embeddings/load.ts";
import { indexDocuments } from "../ingest/index.ts";
import { readSourceTree } from "../ingest/sources.ts";
import type { BreakerProvider } from "../llm/circuit_breaker.ts";
import { createLlmProviderSet } from "../llm/factory.ts";
import { getLogger } from "../log/mod.ts";
import { createAppMetrics } from "../metrics/mod.ts";
import { createChatService } from "../rag/mod.ts";
import { createVectorStore, type VectorStore } from "../vectorstore/mod.ts";
import type { Embedder } from "../embeddings/embedder.ts";
import {
  archiveEntries,
  type Crawler,
  createCollections,
  DEFAULT_COLLECTION,
  type PageArchive,
  prepareCollections,
} from "../collections/mod.ts";
import { instrumentChat } from "./instrument.ts";
import { createChatLimits } from "./chat_limits.ts";
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
  /**
   * A serving worker beside one writer: open the sqlite store read-only and leave the
   * sample corpus to the writer ({@linkcode prepareStore}).
   */
  readOnlyStore?: boolean;
}

/** Builds the services the config asks for. */
export async function createServices(config: Config, deps: ServiceDeps = {}): Promise<Services> {
  const store = createVectorStore(config, { fetch: deps.fetch, readOnly: deps.readOnlyStore });
  const embedder = await loadEmbedder(config, { fetch: deps.fetch });
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
      readOnly: deps.readOnlyStore,
    })
    : null;
  if (config.AUTO_INGEST_SAMPLE && config.VECTOR_STORE === "sqlite" && !deps.readOnlyStore) {
    await ingestSampleIfEmpty(config, store, embedder, collections?.service.pages ?? null);
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
  const limits = createChatLimits(config, metrics);
  return {
    state: { store, chat, metrics, readiness, limits: limits.limits, collections },
    async close() {
      metrics.stop();
      limits.close();
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

/**
 * The one writer of a multi-worker server: opens the store (creating it), indexes the
 * sample corpus into it when empty — once, before any worker starts — and returns it
 * to be kept open while the workers read it.
 */
export async function prepareStore(config: Config): Promise<VectorStore> {
  const store = createVectorStore(config);
  // The writer owns collection start-up too: interrupted jobs marked, sample pages archived.
  const collections = config.VECTOR_STORE === "sqlite" || config.ADMIN_TOKEN
    ? prepareCollections(config)
    : null;
  try {
    if (config.AUTO_INGEST_SAMPLE && config.VECTOR_STORE === "sqlite") {
      await ingestSampleIfEmpty(
        config,
        store,
        await loadEmbedder(config),
        collections?.pages ?? null,
      );
    }
  } finally {
    collections?.close();
  }
  return store;
}

/**
 * With no keys and no network the app must still answer: an empty embedded store gets
 * the bundled sample corpus, through the real ingestion pipeline.
 */
async function ingestSampleIfEmpty(
  config: Config,
  store: VectorStore,
  embedder: Embedder,
  pages: PageArchive | null,
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
  const archived = pages ? archiveEntries(entries, pages, DEFAULT_COLLECTION) : entries;
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
