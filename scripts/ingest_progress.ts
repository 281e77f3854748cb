/**
 * The ingest CLI's progress line on a terminal: a bar when the total is known, pages
 * per second (over the last few seconds), failures so far and an ETA. Redrawn in place
 * at most ten times a second.
 *
 * @module
 */
import type { IndexProgress } from "../lib/ingest/mod.ts";

/** What the line shows, computed from counts and the clock. */
export interface ProgressState {
  done: number;
  failed: number;
  /** Pages per second over the recent window. */
  rate: number;
  total: number | null;
  id: string;
}

/** One progress line (no escape codes), at most `columns` characters. */
export function formatProgress(state: ProgressState, columns = 120): string {
  const { done, failed, rate, total } = state;
  const parts: string[] = [];
  if (total) {
    const width = 24;
    const filled = Math.round((Math.min(done, total) / total) * width);
    parts.push(`[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
  } else parts.push(`${done} pages`);
  parts.push(`${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} pages/s`);
  parts.push(`${failed} failed`);
  if (total && rate > 0 && done < total) parts.push(`ETA ${formatDuration((total - done) / rate)}`);
  parts.push(state.id);
  return parts.join(" · ").slice(0, columns);
}

/** Seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s >= 3600) return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${s}s`;
}

/**
 * A progress callback for `indexDocuments` that redraws one stderr line. `total` is
 * the number of documents when known (null for dumps and S3 listings).
 */
export function progressLine(
  total: number | null,
  write: (text: string) => void,
  now: () => number = () => performance.now(),
): (p: IndexProgress) => void {
  let failed = 0;
  let lastDraw = -Infinity;
  const window: [number, number][] = []; // (time, done) samples
  return (p) => {
    if (p.outcome === "failed") failed++;
    const t = now();
    if (t - lastDraw < 100 && p.done !== total) return;
    lastDraw = t;
    window.push([t, p.done]);
    while (window.length > 2 && t - window[0][0] > 5000) window.shift();
    const [t0, d0] = window[0];
    const rate = t > t0 ? ((p.done - d0) * 1000) / (t - t0) : 0;
    write(`\r\x1b[2K${formatProgress({ done: p.done, failed, rate, total, id: p.id })}`);
  };
}
