/**
 * `soak` (issue #8): mixed chat traffic at a steady concurrency of 20 against the app
 * (instant fake model, 50,000-chunk sqlite store) for N minutes — 10 by default, 20 s
 * with `--quick` — sampling the server's resident memory every few seconds. Reports the
 * RSS at the start, peak and end, and its slope (least squares over the samples after
 * the first fifth, the warm-up), which should be near zero when nothing leaks.
 *
 * Traffic mix per 20 requests: 13 single questions, 3 follow-ups (three-message
 * conversations), 2 streams abandoned after the first token, 1 `GET /api/info`,
 * 1 `GET /` (server-rendered page).
 *
 * @module
 */
import { SERVE_V8_FLAGS } from "../../lib/app/serve_flags.ts";
import { latencySummary } from "../../lib/eval/mod.ts";
import { type LoadRequest, runLoad } from "../server/load.ts";
import { spawnServer } from "../server/process.ts";
import type { BenchContext, Suite, SuiteOutcome } from "../types.ts";

const CONCURRENCY = 20;

/** Least-squares slope of `y` over `x`. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function mixedRequest(question: (n: number) => string): (n: number) => LoadRequest {
  return (n) => {
    const slot = n % 20;
    const q = question(n);
    if (slot === 18) return { path: "/api/info" };
    if (slot === 19) return { path: "/" };
    if (slot >= 13 && slot <= 15) {
      return {
        path: "/api/chat",
        body: {
          messages: [
            { role: "user", content: q },
            { role: "assistant", content: "The ember crown was carried across the pale sea [1]." },
            { role: "user", content: "And what happened to it after that?" },
          ],
        },
      };
    }
    return {
      path: "/api/chat",
      body: { messages: [{ role: "user", content: q }] },
      abortAfterFirstToken: slot >= 16,
    };
  };
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  const store = await ctx.loadStore();
  const minutes = ctx.soakMinutes ?? (ctx.quick ? 20 / 60 : 10);
  const durationMs = Math.round(minutes * 60_000);
  const everyMs = durationMs <= 60_000 ? 1_000 : 5_000;
  ctx.log(`soak: ${CONCURRENCY} streams of mixed traffic for ${(durationMs / 1000).toFixed(0)} s`);
  const server = await spawnServer(
    `${ctx.root}/bench/server/app_server.ts`,
    ["--store", store.path],
    undefined,
    SERVE_V8_FLAGS,
  );
  const samples: { seconds: number; rssMb: number }[] = [];
  const started = performance.now();
  const sample = () => {
    const m = server.memory();
    if (m) samples.push({ seconds: (performance.now() - started) / 1000, rssMb: m.rssMb });
  };
  let load;
  let peakMb: number | null = null;
  const timer = setInterval(sample, everyMs);
  try {
    sample();
    load = await runLoad({
      base: server.url,
      concurrency: CONCURRENCY,
      durationMs,
      request: mixedRequest(store.question),
    });
    sample();
    peakMb = server.memory()?.peakMb ?? null;
  } finally {
    clearInterval(timer);
    await server.stop();
  }
  const warm = samples.filter((s) => s.seconds >= durationMs / 1000 / 5);
  const perMinute = slope(warm.map((s) => ({ x: s.seconds / 60, y: s.rssMb })));
  const startMb = warm[0]?.rssMb ?? null;
  const endMb = samples.at(-1)?.rssMb ?? null;
  const sampledPeak = Math.max(...samples.map((s) => s.rssMb));
  return {
    rows: [
      { figure: "RSS after warm-up", unit: "MB", ours: startMb, better: "lower" },
      { figure: "RSS peak", unit: "MB", ours: peakMb ?? sampledPeak, better: "lower", target: 512 },
      { figure: "RSS at end", unit: "MB", ours: endMb, better: "lower" },
      {
        figure: "RSS slope after warm-up",
        unit: "MB/min",
        ours: perMinute,
        better: "lower",
        target: 1,
      },
      { figure: "requests completed", unit: "", ours: load.completed, better: "higher" },
      { figure: "errors", unit: "", ours: load.errors, better: "lower", target: 0 },
      {
        figure: "first token p99",
        unit: "ms",
        ours: latencySummary(load.firstTokenMs).p99,
        better: "lower",
      },
    ],
    details: {
      concurrency: CONCURRENCY,
      durationMs,
      sampleEveryMs: everyMs,
      requests: load.requests,
      completed: load.completed,
      aborted: load.aborted,
      errors: load.errors,
      errorKinds: load.errorKinds,
      firstTokenMs: latencySummary(load.firstTokenMs),
      rssSamples: samples.map((s) => [Math.round(s.seconds), Math.round(s.rssMb * 10) / 10]),
      slopeMbPerMinute: perMinute,
    },
    notes: [
      `${CONCURRENCY} concurrent loops of mixed traffic for ${(durationMs / 60_000).toFixed(1)} ` +
      `min; RSS sampled every ${everyMs / 1000} s; slope fitted after the first fifth. ` +
      "A slope from a 20 s run says little; the 10-minute run is the one to read.",
    ],
  };
}

/** The suite. */
export const soakSuite: Suite = {
  name: "soak",
  description: "server RSS under steady mixed chat traffic (10 min full, 20 s quick)",
  long: true,
  run,
};
