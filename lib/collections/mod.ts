/**
 * Collections: named bodies of lore side by side, each with its own store, title,
 * description, suggested questions and persona; the page archive the source reader
 * shows; durable ingest jobs run in the background; and admin authentication.
 *
 * @example
 * ```ts ignore
 * import { createCollections } from "./mod.ts";
 * const collections = createCollections(config, { defaultStore, defaultChat, embedder });
 * collections.service.create("lantern-college", { title: "The Lantern College" });
 * const job = collections.runner.submit("lantern-college", { url: "https://…" });
 * ```
 *
 * @module
 */
export {
  AdminAuth,
  type AdminAuthOptions,
  type AdminCheck,
  changesState,
  readCookie,
  SESSION_COOKIE,
} from "./admin_auth.ts";
export { deleteDocument, type DocumentRow, listDocuments, reindexDocument } from "./documents.ts";
export { jobEvents, publicJob } from "./job_events.ts";
export { type Crawler, interruptRunningJobs, JobRunner, type JobRunnerDeps } from "./job_runner.ts";
export { type Job, type JobFile, type JobInput, type JobStatus, JobStore } from "./job_store.ts";
export { DEFAULT_COLLECTION, isWellFormedName, nameProblem, RESERVED_NAMES } from "./names.ts";
export { isPdf, type ReaderSection, readerSections, withoutOverlap } from "./reader.ts";
export { type ArchivedPage, archiveEntries, PageArchive, type PageSummary } from "./pages.ts";
export {
  type Collection,
  type CollectionFields,
  CollectionRegistry,
  openRegistryDatabase,
  REGISTRY_FILE,
} from "./registry.ts";
export {
  CollectionError,
  CollectionService,
  type CollectionServiceDeps,
  type OpenCollection,
} from "./service.ts";
export {
  type Collections,
  type CollectionsDeps,
  createCollections,
  prepareCollections,
} from "./setup.ts";
export { siteCrawler } from "./site_crawler.ts";
export { type SniffedKind, sniffKind } from "./sniff.ts";
export { collectionDir, namespaceFor, openCollectionStore, storeConfigFor } from "./store_for.ts";
export { receiveUpload, safeFileName, UploadError } from "./upload.ts";
