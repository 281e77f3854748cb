/**
 * The ingest CLI's progress line on a terminal: a bar when the total is known (files,
 * or the share of a dump's bytes read), pages per second (over the last few seconds),
 * failures so far and an ETA. Redrawn in place at most ten times a second. While a dump
 * is scanned for redirects, before its first page, the line says how far that scan is.
 *
 * @module
 */
import type { IndexProgress } from "../lib/ingest/mod.ts";
import type { DumpReading } from "../lib/sources/dump_file.ts";

/** What the line shows, computed from counts and the clock. */
export interface ProgressState {
  done: number;
  failed: number;
  /** Pages per second over the recent window. */
  rate: number;
  total: number | null;
  id: string;
  /** Share of the input read (a dump's bytes), when the count of pages is unknown. */
  fraction?: number | null;
  /** That share's growth per second over the recent window. */
  fractionRate?: number;
}

/** One progress line (no escape codes), at most `columns` characters. */
export function formatProgress(state: ProgressState, columns = 120): string {
  const { done, failed, rate, total } = state;
  const fraction = total ? null : state.fraction ?? null;
  const parts: string[] = [];
  if (total) parts.push(`${bar(done / total)} ${done}/${total}`);
  else if (fraction !== null) {
    parts.push(`${bar(fraction)} ${done} pages, ${Math.floor(100 * Math.min(1, fraction))}%`);
  } else parts.push(`${done} pages`);
  parts.push(`${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} pages/s`);
  parts.push(`${failed} failed`);
  if (total && rate > 0 && done < total) parts.push(`ETA ${formatDuration((total - done) / rate)}`);
  const fractionRate = state.fractionRate ?? 0;
  if (fraction !== null && fraction < 1 && fractionRate > 0) {
    parts.push(`ETA ${formatDuration((1 - fraction) / fractionRate)}`);
  }
  parts.push(state.id);
  return parts.join(" · ").slice(0, columns);
}

/** A bar 24 characters wide, `share` of it filled. */
function bar(share: number): string {
  const width = 24;
  const filled = Math.round(Math.max(0, Math.min(1, share)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/**
 * The line shown while a dump is scanned for redirects: how much of it was read, and,
 * given the pace so far (`bytesPerSecond`, null until it can be told), the rate and an
 * ETA when the dump's size is known.
 */
export function formatScan(reading: DumpReading, bytesPerSecond: number | null): string {
  const mb = (bytes: number) => bytes / 2 ** 20;
  const parts = ["scanning the dump for redirects"];
  const pace = bytesPerSecond !== null && bytesPerSecond > 0 ? bytesPerSecond : null;
  if (reading.total) {
    const share = Math.min(1, reading.read / reading.total);
    parts.push(`${bar(share)} ${Math.floor(100 * share)}%`);
    if (pace && share < 1) {
      parts.push(`ETA ${formatDuration((reading.total - reading.read) / pace)}`);
    }
  } else {
    const read = mb(reading.read);
    parts.push(
      `${read >= 1024 ? `${(read / 1024).toFixed(1)} GB` : `${Math.round(read)} MB`} read`,
    );
  }
  if (pace) parts.push(`${Math.round(mb(pace))} MB/s`);
  return parts.join(" · ");
}

/**
 * Draws {@linkcode formatScan}'s line on `write` while `reading` is in its redirect
 * pass; call it on a timer (it draws nothing once the pages are read). The pace is
 * measured from the first draw of each dump's scan, once half a second has passed.
 */
export function scanLine(
  reading: DumpReading,
  write: (text: string) => void,
  now: () => number = () => performance.now(),
): () => void {
  let since = 0, readThen = 0;
  let last: DumpReading["pass"] = null;
  return () => {
    const t = now();
    // Each dump of a folder has its own scan, so its own pace.
    if (reading.pass === "redirects" && last !== "redirects") {
      since = t;
      readThen = reading.read;
    }
    last = reading.pass;
    if (reading.pass !== "redirects") return;
    const seconds = (t - since) / 1000;
    const pace = seconds >= 0.5 ? (reading.read - readThen) / seconds : null;
    write(`\r\x1b[2K${formatScan(reading, pace)}`);
  };
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
  reading?: DumpReading,
): (p: IndexProgress) => void {
  let failed = 0;
  let lastDraw = -Infinity;
  const window: [number, number, number][] = []; // (time, done, fraction) samples
  return (p) => {
    if (p.outcome === "failed") failed++;
    const t = now();
    if (t - lastDraw < 100 && p.done !== total) return;
    lastDraw = t;
    // A dump's page pass over a file of known size: its share read stands for the total.
    const fraction = reading?.pass === "pages" && reading.total
      ? reading.read / reading.total
      : null;
    window.push([t, p.done, fraction ?? 0]);
    while (window.length > 2 && t - window[0][0] > 5000) window.shift();
    const [t0, d0, f0] = window[0];
    const rate = t > t0 ? ((p.done - d0) * 1000) / (t - t0) : 0;
    const fractionRate = fraction !== null && t > t0 ? ((fraction - f0) * 1000) / (t - t0) : 0;
    const state = { done: p.done, failed, rate, total, id: p.id, fraction, fractionRate };
    write(`\r\x1b[2K${formatProgress(state)}`);
  };
}
