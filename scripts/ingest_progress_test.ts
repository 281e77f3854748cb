import assert from "node:assert/strict";
import { formatDuration, formatProgress, progressLine } from "./ingest_progress.ts";

Deno.test("formatProgress shows a bar, rate, failures and ETA when the total is known", () => {
  const line = formatProgress({ done: 50, failed: 2, rate: 25, total: 100, id: "Aldric" });
  assert.match(line, /^\[#{12}-{12}\] 50\/100 · 25\.0 pages\/s · 2 failed · ETA 2s · Aldric$/);
});

Deno.test("formatProgress leaves out the ETA when the total is unknown", () => {
  const line = formatProgress({ done: 1200, failed: 0, rate: 412.4, total: null, id: "x" });
  assert.equal(line, "1200 pages · 412 pages/s · 0 failed · x");
});

Deno.test("formatDuration reads as hours, minutes or seconds", () => {
  assert.equal(formatDuration(3725), "1h02m");
  assert.equal(formatDuration(185), "3m05s");
  assert.equal(formatDuration(9.4), "9s");
});

Deno.test("progressLine counts failures and measures the rate on the clock", () => {
  const lines: string[] = [];
  let t = 0;
  const onProgress = progressLine(null, (s) => lines.push(s), () => t);
  for (let i = 1; i <= 30; i++) {
    t = i * 200; // 5 pages per second
    onProgress({ done: i, id: `p${i}`, outcome: i % 10 === 0 ? "failed" : "added" });
  }
  const last = lines[lines.length - 1];
  assert.match(last, /30 pages · 5\.0 pages\/s · 3 failed · p30/);
});
