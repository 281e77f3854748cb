import assert from "node:assert/strict";
import { cpuUsage } from "node:process";
import { cpuBetween, processCpu } from "./process.ts";
import { workerShares } from "../suites/server.ts";

Deno.test("processCpu reads a process's CPU time, in all and by thread, from /proc", () => {
  const before = processCpu(Deno.pid);
  if (!before) return; // no procfs here
  assert.ok(Object.keys(before.threadsMs).length > 0);
  // Spend 200 ms of this thread's CPU, however busy the machine is.
  const started = cpuUsage();
  let spin = 0;
  while ((cpuUsage(started).user + cpuUsage(started).system) < 200_000) spin++;
  const used = cpuBetween(before, processCpu(Deno.pid))!;
  assert.ok(spin > 0);
  assert.ok(used.totalMs >= 150, `${used.totalMs} ms`);
  const threads = Object.values(used.threadsMs).reduce((a, b) => a + b, 0);
  assert.ok(threads >= 150 && threads <= used.totalMs + 50, `${threads} of ${used.totalMs} ms`);
});

Deno.test("workerShares splits the serving workers' CPU, other threads left out", () => {
  const shares = workerShares({
    totalMs: 1_000,
    threadsMs: { "worker-1": 600, "worker-2": 200, "V8 DefaultWorke": 150, deno: 50 },
  });
  assert.deepEqual(shares, { "worker-1": 0.75, "worker-2": 0.25 });
  assert.deepEqual(workerShares({ totalMs: 10, threadsMs: { deno: 10 } }), {});
  assert.deepEqual(workerShares(null), {});
});
