/**
 * Builds the collections part of the app from the config: the registry database under
 * `DATA_DIR`, the service over it, the durable jobs and their runner (recovering what
 * a restart left), and admin auth when `ADMIN_TOKEN` is set.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { Embedder } from "../embeddings/mod.ts";
import type { IndexChunkOptions } from "../ingest/mod.ts";
import type { ChatService } from "../rag/mod.ts";
import type { VectorStore } from "../vectorstore/mod.ts";
import { AdminAuth } from "./admin_auth.ts";
import { type Crawler, interruptRunningJobs, JobRunner } from "./job_runner.ts";
import { JobStore } from "./job_store.ts";
import { CollectionRegistry, openRegistryDatabase, REGISTRY_FILE } from "./registry.ts";
import { DEFAULT_COLLECTION } from "./names.ts";
import { PageArchive } from "./pages.ts";
import { CollectionService } from "./service.ts";
import { siteCrawler } from "./site_crawler.ts";
import { collectionDir, openCollectionStore } from "./store_for.ts";

/** Everything the collection routes use. */
export interface Collections {
  service: CollectionService;
  jobs: JobStore;
  runner: JobRunner;
  /** Admin auth; null when `ADMIN_TOKEN` is unset (admin routes answer 404). */
  auth: AdminAuth | null;
  embedder: Embedder;
  chunkOptions: IndexChunkOptions;
  maxUploadBytes: number;
  /** The folder uploads of a collection go under. */
  uploadDir(name: string): string;
  close(): Promise<void>;
}

/** What {@linkcode createCollections} needs besides the config. */
export interface CollectionsDeps {
  defaultStore: VectorStore;
  defaultChat: ChatService;
  embedder: Embedder;
  wrapChat?: (chat: ChatService) => ChatService;
  /** Reads a site at a URL; default: the live-site reader of `deno task ingest https://…`. */
  crawl?: Crawler;
  fetch?: typeof fetch;
  /**
   * A serving worker beside one writer process: jobs it accepts run here, but recovery
   * after a restart is the writer's ({@linkcode prepareCollections}).
   */
  readOnly?: boolean;
}

/** Builds the collections from `config`. */
export function createCollections(config: Config, deps: CollectionsDeps): Collections {
  const dataDir = config.DATA_DIR.replace(/\/+$/, "");
  const db = openRegistryDatabase(`${dataDir}/${REGISTRY_FILE}`);
  const dimensions = deps.embedder.dimensions;
  const service = new CollectionService({
    db,
    defaultStore: deps.defaultStore,
    defaultChat: deps.defaultChat,
    wrapChat: deps.wrapChat,
    openStore: (name) => openCollectionStore(config, name, { fetch: deps.fetch, dimensions }),
    async dropStore(name, store) {
      if (config.VECTOR_STORE !== "sqlite") await store.reset();
      await store.close();
      await Deno.remove(collectionDir(dataDir, name), { recursive: true }).catch(() => {});
    },
  });
  const chunkOptions = {
    size: config.CHUNK_SIZE,
    overlap: config.CHUNK_OVERLAP,
    unit: config.CHUNK_UNIT,
  };
  const jobs = new JobStore(db);
  const runner = new JobRunner({
    jobs,
    collections: service,
    embedder: deps.embedder,
    chunkOptions,
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    crawl: deps.crawl ?? siteCrawler(dataDir),
  });
  if (!deps.readOnly) runner.recover();
  const auth = config.ADMIN_TOKEN
    ? new AdminAuth({ token: config.ADMIN_TOKEN, trustProxy: config.TRUST_PROXY })
    : null;
  return {
    service,
    jobs,
    runner,
    auth,
    embedder: deps.embedder,
    chunkOptions,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    uploadDir: (name) => `${collectionDir(dataDir, name)}/uploads`,
    async close() {
      await runner.stop();
      await service.close();
      db.close();
    },
  };
}

/**
 * The writer process's part at start-up (multi-worker serving): the registry opened,
 * jobs a restart cut short marked interrupted, and the page archive for the sample
 * corpus. Close it when done.
 */
export function prepareCollections(config: Config): { pages: PageArchive; close(): void } {
  const db = openRegistryDatabase(`${config.DATA_DIR.replace(/\/+$/, "")}/${REGISTRY_FILE}`);
  new CollectionRegistry(db).create(DEFAULT_COLLECTION, { title: "LoreChat" });
  interruptRunningJobs(new JobStore(db));
  return { pages: new PageArchive(db), close: () => db.close() };
}
