/**
 * A job's progress as a stream of events for SSE: the job now, then every change
 * (`progress`), ending with `done` once it reaches a final status.
 *
 * @module
 */
import type { JobRunner } from "./job_runner.ts";
import type { Job, JobStore } from "./job_store.ts";

const FINAL = new Set(["done", "failed", "interrupted"]);

/** Public view of a job (the input's file paths stay on the server). */
export function publicJob(job: Job): Omit<Job, "input"> & { input: unknown } {
  const input = "url" in job.input
    ? { url: job.input.url }
    : { files: job.input.files.map((f) => ({ name: f.name, kind: f.kind })) };
  return { ...job, input };
}

/**
 * Yields `progress` events for job `id` until it ends, then one `done` event: pushed by
 * this process's runner, and read from the job store every `pollMs` (for a job another
 * worker runs).
 */
export async function* jobEvents(
  id: string,
  jobs: JobStore,
  runner: JobRunner,
  signal: AbortSignal,
  pollMs = 500,
): AsyncGenerator<{ event: string; data: unknown }> {
  const pending: Job[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = runner.subscribe(id, (job) => {
    pending.push(job);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  try {
    let job = jobs.get(id);
    while (job && !signal.aborted) {
      yield { event: FINAL.has(job.status) ? "done" : "progress", data: publicJob(job) };
      if (FINAL.has(job.status)) return;
      // Another worker may run the job: look at the store now and then as well.
      if (pending.length === 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((r) => {
          wake = r;
          timer = setTimeout(r, pollMs);
        });
        clearTimeout(timer);
      }
      wake = null;
      job = pending.length > 0 ? pending.splice(0).at(-1)! : jobs.get(id);
    }
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", onAbort);
  }
}
