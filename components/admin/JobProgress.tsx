import { type AdminJob, formatSeconds } from "../../lib/ui/admin_api.ts";

/** A job's progress: a bar (when the total is known), counts, pace, ETA and failures. */
export function JobProgress({ job }: { job: AdminJob }) {
  const handled = job.done + job.failed;
  const finished = ["done", "failed", "interrupted"].includes(job.status);
  return (
    <div class="admin-job" aria-live="polite">
      <p class="admin-job-status">
        Job {job.status}
        {job.total !== undefined ? ` — ${handled} of ${job.total} pages` : ` — ${handled} pages`}
      </p>
      {job.total !== undefined
        ? (
          <progress
            max={Math.max(1, job.total)}
            value={finished ? Math.max(1, job.total) : handled}
            aria-label="Indexing progress"
          />
        )
        : !finished && <progress aria-label="Indexing progress" />}
      <p class="admin-job-counts">
        <span>{job.done} done</span>
        <span>{job.failed} failed</span>
        {job.pagesPerSecond !== undefined && <span>{job.pagesPerSecond} pages/s</span>}
        {job.etaSeconds !== undefined && !finished && (
          <span>about {formatSeconds(job.etaSeconds)} left</span>
        )}
      </p>
      {job.failures.length > 0 && (
        <details class="admin-failures" open={job.failures.length <= 3}>
          <summary>{job.failures.length} failure{job.failures.length === 1 ? "" : "s"}</summary>
          <ul>
            {job.failures.map((f, i) => (
              <li key={i}>
                <strong>{f.id}</strong>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
