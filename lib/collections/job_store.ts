/**
 * Durable ingest jobs: one row per job in the registry database, so a job's state
 * outlives the process — after a restart a job that was running is marked
 * `interrupted` (never silently lost) and a queued one runs.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/** Where a job is in its life. */
export type JobStatus = "queued" | "running" | "done" | "failed" | "interrupted";

/** A file an upload job indexes. */
export interface JobFile {
  /** The name the uploader gave, made safe. */
  name: string;
  /** Where it was saved. */
  path: string;
  /** What its bytes are (sniffed). */
  kind: string;
}

/** What a job indexes: uploaded files or a URL to crawl. */
export type JobInput = { files: JobFile[] } | { url: string };

/** A job as the API reports it. */
export interface Job {
  id: string;
  collection: string;
  kind: "upload" | "url";
  status: JobStatus;
  /** Documents indexed (or found unchanged). */
  done: number;
  failed: number;
  /** Documents expected, when known in advance. */
  total?: number;
  failures: { id: string; reason: string }[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Throughput so far and the time left at that pace (when `total` is known). */
  pagesPerSecond?: number;
  etaSeconds?: number;
  input: JobInput;
}

type Row = Record<string, string | number | null>;

/** Most failures kept per job (the count is exact; the list is a sample). */
export const MAX_FAILURES_KEPT = 200;

/** Jobs over the registry database. */
export class JobStore {
  constructor(private readonly db: DatabaseSync, private readonly now = () => new Date()) {}

  /** Records a new queued job. */
  add(collection: string, input: JobInput, total?: number): Job {
    const id = crypto.randomUUID();
    const kind = "url" in input ? "url" : "upload";
    this.db.prepare(
      `INSERT INTO jobs VALUES (?, ?, ?, ?, 'queued', 0, 0, ?, '[]', ?, NULL, NULL)`,
    ).run(id, collection, kind, JSON.stringify(input), total ?? null, this.now().toISOString());
    return this.get(id)!;
  }

  /** One job, or null. */
  get(id: string): Job | null {
    const row = this.db.prepare("SELECT * FROM jobs WHERE id = ?").get(id) as Row | undefined;
    return row ? this.toJob(row) : null;
  }

  /** The most recent jobs of a collection, newest first. */
  list(collection: string, limit = 20): Job[] {
    const rows = this.db.prepare(
      "SELECT * FROM jobs WHERE collection = ? ORDER BY created_at DESC LIMIT ?",
    ).all(collection, limit) as Row[];
    return rows.map((r) => this.toJob(r));
  }

  /** Ids of jobs in `status`, oldest first. */
  idsWith(status: JobStatus): string[] {
    const rows = this.db.prepare(
      "SELECT id FROM jobs WHERE status = ? ORDER BY created_at",
    ).all(status) as Row[];
    return rows.map((r) => String(r.id));
  }

  /** Marks a job started. */
  start(id: string): void {
    this.db.prepare("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?")
      .run(this.now().toISOString(), id);
  }

  /** Saves progress. */
  progress(id: string, p: Pick<Job, "done" | "failed" | "failures"> & { total?: number }): void {
    this.db.prepare(
      "UPDATE jobs SET done = ?, failed = ?, failures = ?, total = COALESCE(?, total) WHERE id = ?",
    ).run(
      p.done,
      p.failed,
      JSON.stringify(p.failures.slice(0, MAX_FAILURES_KEPT)),
      p.total ?? null,
      id,
    );
  }

  /** Ends a job in `status`, adding `failure` to its list when given. */
  finish(id: string, status: JobStatus, failure?: { id: string; reason: string }): void {
    const job = this.get(id);
    if (!job) return;
    const failures = failure ? [...job.failures, failure] : job.failures;
    this.db.prepare(
      "UPDATE jobs SET status = ?, finished_at = ?, failures = ? WHERE id = ?",
    ).run(status, this.now().toISOString(), JSON.stringify(failures), id);
  }

  private toJob(row: Row): Job {
    const job: Job = {
      id: String(row.id),
      collection: String(row.collection),
      kind: row.kind === "url" ? "url" : "upload",
      status: String(row.status) as JobStatus,
      done: Number(row.done),
      failed: Number(row.failed),
      failures: JSON.parse(String(row.failures)),
      createdAt: String(row.created_at),
      startedAt: row.started_at === null ? null : String(row.started_at),
      finishedAt: row.finished_at === null ? null : String(row.finished_at),
      input: JSON.parse(String(row.input)),
    };
    if (row.total !== null) job.total = Number(row.total);
    return withPace(job, this.now());
  }
}

/** Adds pages/s and the ETA from the job's counts and start time. */
function withPace(job: Job, now: Date): Job {
  if (!job.startedAt) return job;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now.getTime();
  const seconds = Math.max(0.001, (end - Date.parse(job.startedAt)) / 1000);
  const handled = job.done + job.failed;
  const rate = handled / seconds;
  job.pagesPerSecond = Math.round(rate * 100) / 100;
  if (job.total !== undefined && job.status === "running" && rate > 0) {
    job.etaSeconds = Math.max(0, Math.round((job.total - handled) / rate));
  }
  return job;
}
