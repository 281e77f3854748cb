/**
 * Where a serving worker's CPU goes under the server suite's load: the app of
 * `app_worker.ts` (same state: read-only store, instant fake model, limits shared through
 * SQLite) served from this process's main thread with V8's CPU profiler on, loaded by
 * `load.ts` with 100 concurrent `/api/chat` streams from a child process (this script
 * again, with `--load URL`). Prints self time summed by function and by file, and the
 * process's CPU per stream; `--out` keeps the `.cpuprofile` (Chrome DevTools opens it).
 *
 *   deno run -A --v8-flags=--max-semi-space-size=4 bench/server/profile.ts --store PATH \
 *     [--seconds 10] [--warmup 3] [--top 40] [--out app.cpuprofile]
 *
 * @module
 */
import { Session } from "node:inspector";
import { cpuUsage } from "node:process";
import { parseArgs } from "node:util";
import { runLoad } from "./load.ts";
import { loadStoreQuestions } from "./load_store.ts";
import { startBenchApp } from "./bench_app.ts";
import {
  summarizeHeapProfile,
  summarizeProfile,
  type V8HeapProfile,
  type V8Profile,
} from "./profile_summary.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    store: { type: "string" },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    top: { type: "string", default: "40" },
    out: { type: "string" },
    load: { type: "string" },
    heap: { type: "boolean", default: false },
  },
});

if (values.load) {
  // The load generator's side: warm up, tell the parent, run the measured load.
  const question = loadStoreQuestions();
  let n = 0;
  const request = () => ({
    path: "/api/chat",
    body: { messages: [{ role: "user", content: question(n++) }] },
  });
  const base = new URL(values.load);
  await runLoad({ base, concurrency: 100, durationMs: Number(values.warmup) * 1000, request });
  console.log("measuring");
  const result = await runLoad({
    base,
    concurrency: 100,
    durationMs: Number(values.seconds) * 1000,
    request,
  });
  console.log(JSON.stringify({ completed: result.completed, errors: result.errors }));
  Deno.exit(0);
}
if (!values.store) throw new Error("--store PATH is required");

const limitsDir = await Deno.makeTempDir({ prefix: "lorechat-profile-limits-" });
const app = await startBenchApp({ store: values.store, tokens: 50, limitsDir }, 0);
const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", import.meta.filename!, "--load", app.url.href, ...forwarded()],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const session = new Session();
session.connect();
const post = <T>(method: string, params?: object) =>
  new Promise<T>((resolve, reject) =>
    session.post(method, params, (error, result) => error ? reject(error) : resolve(result as T))
  );
try {
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  while (!output.includes("measuring\n")) {
    const { value, done } = await lines.read();
    if (done) throw new Error("the load generator ended before measuring");
    output += value;
  }
  if (values.heap) {
    await post("HeapProfiler.enable");
    await post("HeapProfiler.startSampling", {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  } else {
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 200 });
  }
  const cpuBefore = cpuUsage();
  if (!values.heap) await post("Profiler.start");
  while (!output.includes("completed")) {
    const { value, done } = await lines.read();
    if (done) break;
    output += value;
  }
  const { profile } = values.heap
    ? await post<{ profile: V8Profile }>("HeapProfiler.stopSampling")
    : await post<{ profile: V8Profile }>("Profiler.stop");
  const cpuAfter = cpuUsage();
  const { completed, errors } = JSON.parse(output.slice(output.indexOf("{")));
  const cpuMs = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1000;
  console.log(JSON.stringify({
    completed,
    errors,
    processCpuMsPerStream: +(cpuMs / Math.max(1, completed)).toFixed(3),
  }));
  if (values.out) await Deno.writeTextFile(values.out, JSON.stringify(profile));
  console.log(
    values.heap
      ? summarizeHeapProfile(profile as unknown as V8HeapProfile, {
        top: Number(values.top),
        streams: completed,
      })
      : summarizeProfile(profile, { top: Number(values.top), streams: completed }),
  );
  await child.status;
} finally {
  session.disconnect();
  try {
    child.kill("SIGKILL");
  } catch { /* ended */ }
  await app.shutdown(1_000);
  await Deno.remove(limitsDir, { recursive: true });
}

function forwarded(): string[] {
  return ["--seconds", values.seconds!, "--warmup", values.warmup!];
}
