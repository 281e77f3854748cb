/**
 * Runs ingest jobs in the background, one at a time, through the same readers and
 * indexer as the CLI: uploaded files go through `readSourceTree` (so every format the
 * ingest CLI reads is read here too), URLs through an injected crawler. Progress is
 * saved to the job store and pushed to subscribers (the SSE stream).
 *
 * @module
 */
import type { Embedder } from "../embeddings/mod.ts";
import { type IndexChunkOptions, indexDocuments } from "../ingest/index.ts";
import { readSourceTree } from "../ingest/sources.ts";
import type { SourceEntry } from "../ingest/source_document.ts";
import { getLogger } from "../log/mod.ts";
import type { Job, JobFile, JobInput, JobStore } from "./job_store.ts";
import { archiveEntries } from "./pages.ts";
import type { CollectionService } from "./service.ts";

const log = getLogger(["lorechat", "jobs"]);

/** Reads a site or wiki at `url` as documents (the crawler). */
export type Crawler = (url: string, options: { signal: AbortSignal }) => AsyncIterable<SourceEntry>;

/** What {@linkcode JobRunner} needs. */
export interface JobRunnerDeps {
  jobs: JobStore;
  collections: CollectionService;
  embedder: Embedder;
  chunkOptions: IndexChunkOptions;
  batchSize?: number;
  crawl: Crawler;
  /** Reads one uploaded file as entries. Default: `readSourceTree` on its path. */
  readFile?: (file: JobFile) => AsyncIterable<SourceEntry>;
  /** Least time between two saves of progress, in ms. Default 250. */
  saveEveryMs?: number;
}

/** The background runner. Call {@linkcode JobRunner.recover} once at start-up. */
export class JobRunner {
  private readonly queue: string[] = [];
  private readonly listeners = new Map<string, Set<(job: Job) => void>>();
  private readonly controller = new AbortController();
  private running: Promise<void> | null = null;

  constructor(private readonly deps: JobRunnerDeps) {}

  /** After a restart: jobs that were running are marked interrupted; queued ones run. */
  recover(): void {
    interruptRunningJobs(this.deps.jobs);
    for (const id of this.deps.jobs.idsWith("queued")) this.enqueue(id);
  }

  /** Queues a job for `collection` and returns it. */
  submit(collection: string, input: JobInput, total?: number): Job {
    const job = this.deps.jobs.add(collection, input, total);
    this.enqueue(job.id);
    return job;
  }

  /** Calls `listener` with the job after every change until the returned function runs. */
  subscribe(id: string, listener: (job: Job) => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(listener);
    this.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /** Stops: the running job is aborted and left as `running` for the next start to see. */
  async stop(): Promise<void> {
    this.queue.length = 0;
    this.controller.abort(new Error("shutting down"));
    await this.running?.catch(() => {});
  }

  /** Resolves when nothing is queued or running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private enqueue(id: string): void {
    this.queue.push(id);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id; id = this.queue.shift()) {
      if (this.controller.signal.aborted) return;
      await this.run(id);
    }
  }

  private emit(id: string): void {
    const set = this.listeners.get(id);
    if (!set) return;
    const job = this.deps.jobs.get(id);
    if (job) { for (const listener of [...set]) listener(job); }
  }

  private async run(id: string): Promise<void> {
    const { jobs } = this.deps;
    const job = jobs.get(id);
    if (!job) return;
    const open = this.deps.collections.open(job.collection);
    if (!open) {
      jobs.finish(id, "failed", { id: job.collection, reason: "the collection was deleted" });
      return this.emit(id);
    }
    jobs.start(id);
    this.emit(id);
    const counts = { done: 0, failed: 0, failures: [] as Job["failures"] };
    let savedAt = 0;
    const save = (force = false) => {
      const now = Date.now();
      if (!force && now - savedAt < (this.deps.saveEveryMs ?? 250)) return;
      savedAt = now;
      jobs.progress(id, counts);
      this.emit(id);
    };
    const signal = this.controller.signal;
    try {
      const entries = archiveEntries(
        noteFailures(this.entries(job.input, signal), counts.failures),
        this.deps.collections.pages,
        job.collection,
      );
      const report = await indexDocuments(entries, {
        store: open.store,
        embedder: this.deps.embedder,
        chunkOptions: this.deps.chunkOptions,
        batchSize: this.deps.batchSize,
        signal,
        onProgress: (p) => {
          if (p.outcome === "failed") counts.failed++;
          else counts.done++;
          save();
        },
      });
      counts.failures = report.failures;
      save(true);
      const status = report.failed > 0 && report.failed === report.documents ? "failed" : "done";
      jobs.finish(id, status);
      log.info("job {id} {status}: {done} done, {failed} failed", { id, status, ...counts });
    } catch (error) {
      if (signal.aborted) return; // shutting down: the next start marks it interrupted
      jobs.progress(id, counts);
      jobs.finish(id, "failed", { id: "(job)", reason: (error as Error).message });
      log.error("job {id} failed: {error}", { id, error });
    }
    this.emit(id);
  }

  private async *entries(input: JobInput, signal: AbortSignal): AsyncGenerator<SourceEntry> {
    if ("url" in input) {
      yield* this.deps.crawl(input.url, { signal });
      return;
    }
    const read = this.deps.readFile ?? ((f: JobFile) => readSourceTree(f.path));
    for (const file of input.files) {
      signal.throwIfAborted();
      try {
        for await (const entry of read(file)) yield entry;
      } catch (error) {
        yield { failed: true, id: file.name, source: file.name, reason: (error as Error).message };
      }
    }
  }
}

/** Passes entries through, noting each reader failure as it comes (for live progress). */
async function* noteFailures(
  entries: AsyncIterable<SourceEntry>,
  failures: Job["failures"],
): AsyncGenerator<SourceEntry> {
  for await (const entry of entries) {
    if ("failed" in entry && entry.failed) failures.push({ id: entry.id, reason: entry.reason });
    yield entry;
  }
}

/** Marks every job still `running` as `interrupted` (at start-up, before any job runs). */
export function interruptRunningJobs(jobs: JobStore): void {
  for (const id of jobs.idsWith("running")) {
    jobs.finish(id, "interrupted", {
      id: "(job)",
      reason: "the server stopped while this job ran; add the sources again to finish",
    });
  }
}
