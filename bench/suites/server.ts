/**
 * `server`: the app on loopback, answering `/api/chat` with the instant fake model over
 * the 50,000-chunk sqlite store, under 100 concurrent SSE streams for a bounded time —
 * next to a bare `Deno.serve` SSE echo server with the same framing and token count, in
 * the same run. Both servers run in their own process; the load generator runs in the
 * bench process, so neither shares the other's event loop.
 *
 * @module
 */
import { SERVE_V8_FLAGS } from "../../lib/app/serve_flags.ts";
import { latencySummary } from "../../lib/eval/mod.ts";
import { type LoadResult, runLoad } from "../server/load.ts";
import {
  cpuBetween,
  type CpuTimes,
  type Memory,
  type ServerProcess,
  spawnServer,
} from "../server/process.ts";
import { measureTurnCpu } from "../server/turn_cpu.ts";
import { firstTokenNote } from "../server/queueing.ts";
import type { BenchContext, Row, Suite, SuiteOutcome } from "../types.ts";

const CONCURRENCY = 100;
const TOKENS = 50;

interface Measured {
  load: LoadResult;
  memory: { ready: Memory | null; end: Memory | null };
  /** CPU the server process used during the measured windows (null without procfs). */
  cpu: CpuTimes | null;
}

/** Adds `b`'s times to `a`'s (null stays null: one window without procfs spoils the sum). */
function addCpu(a: CpuTimes | null, b: CpuTimes | null): CpuTimes | null {
  if (!a || !b) return null;
  const threadsMs = { ...a.threadsMs };
  for (const [name, ms] of Object.entries(b.threadsMs)) {
    threadsMs[name] = (threadsMs[name] ?? 0) + ms;
  }
  return { totalMs: a.totalMs + b.totalMs, threadsMs };
}

/** Sums the results of several windows (samples appended, counts added). */
export function mergeLoads(parts: LoadResult[]): LoadResult {
  const merged: LoadResult = {
    elapsedMs: 0,
    requests: 0,
    completed: 0,
    aborted: 0,
    errors: 0,
    errorKinds: {},
    ttfbMs: [],
    sourcesMs: [],
    firstTokenMs: [],
    totalMs: [],
    tokens: 0,
  };
  for (const p of parts) {
    merged.elapsedMs += p.elapsedMs;
    merged.requests += p.requests;
    merged.completed += p.completed;
    merged.aborted += p.aborted;
    merged.errors += p.errors;
    merged.tokens += p.tokens;
    for (const [k, v] of Object.entries(p.errorKinds)) {
      merged.errorKinds[k] = (merged.errorKinds[k] ?? 0) + v;
    }
    merged.ttfbMs.push(...p.ttfbMs);
    merged.sourcesMs.push(...p.sourcesMs);
    merged.firstTokenMs.push(...p.firstTokenMs);
    merged.totalMs.push(...p.totalMs);
  }
  return merged;
}

/**
 * Runs the servers under the same load, alternating windows (A, B, A, B…) so a burst of
 * other work on the shared machine lands on both rather than on one; each server gets a
 * warm-up window first (discarded).
 */
export async function measurePair(
  servers: { script: string; args: string[]; v8Flags?: string }[],
  options: { windows: number; windowMs: number; warmupMs: number; question: (n: number) => string },
): Promise<Measured[]> {
  const running: ServerProcess[] = [];
  try {
    for (const s of servers) {
      running.push(await spawnServer(s.script, s.args, undefined, s.v8Flags));
    }
    const ready = running.map((s) => s.memory());
    let n = 0;
    const window = (server: ServerProcess, durationMs: number) =>
      runLoad({
        base: server.url,
        concurrency: CONCURRENCY,
        durationMs,
        request: () => ({
          path: "/api/chat",
          body: { messages: [{ role: "user", content: options.question(n++) }] },
        }),
      });
    for (const server of running) await window(server, options.warmupMs);
    const parts: LoadResult[][] = running.map(() => []);
    const cpu: (CpuTimes | null)[] = running.map(() => ({ totalMs: 0, threadsMs: {} }));
    for (let w = 0; w < options.windows; w++) {
      for (const [i, server] of running.entries()) {
        const before = server.cpu();
        parts[i].push(await window(server, options.windowMs));
        cpu[i] = addCpu(cpu[i], cpuBetween(before, server.cpu()));
      }
    }
    return running.map((server, i) => ({
      load: mergeLoads(parts[i]),
      memory: { ready: ready[i], end: server.memory() },
      cpu: cpu[i],
    }));
  } finally {
    for (const server of running) await server.stop();
  }
}

/** Each serving worker's share of the workers' CPU (`worker-1`: 0.5…); empty for one process. */
export function workerShares(cpu: CpuTimes | null): Record<string, number> {
  const workers = Object.entries(cpu?.threadsMs ?? {}).filter(([name]) =>
    /^worker-\d+$/.test(name)
  );
  const total = workers.reduce((sum, [, ms]) => sum + ms, 0);
  return Object.fromEntries(workers.map(([name, ms]) => [name, total > 0 ? ms / total : 0]));
}

function summary(m: Measured) {
  const seconds = m.load.elapsedMs / 1000;
  return {
    ttfb: latencySummary(m.load.ttfbMs),
    sources: latencySummary(m.load.sourcesMs),
    firstToken: latencySummary(m.load.firstTokenMs),
    total: latencySummary(m.load.totalMs),
    tokensPerSecond: m.load.tokens / seconds,
    requestsPerSecond: m.load.completed / seconds,
    completed: m.load.completed,
    requests: m.load.requests,
    errors: m.load.errors,
    errorKinds: m.load.errorKinds,
    tokensPerStream: m.load.completed ? m.load.tokens / m.load.completed : 0,
    serverCpuSeconds: m.cpu ? m.cpu.totalMs / 1000 : null,
    serverCpuMsPerStream: m.cpu && m.load.completed ? m.cpu.totalMs / m.load.completed : null,
    workerCpuShares: workerShares(m.cpu),
    rssReadyMb: m.memory.ready?.rssMb ?? null,
    rssEndMb: m.memory.end?.rssMb ?? null,
    peakRssMb: m.memory.end?.peakMb ?? null,
  };
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  const store = await ctx.loadStore();
  const windows = ctx.quick ? 1 : 4;
  const windowMs = 5_000;
  const durationMs = windows * windowMs;
  const warmupMs = ctx.quick ? 1_000 : 3_000;
  ctx.log(`server: ${CONCURRENCY} streams, ${windows} × ${windowMs / 1000} s windows per server`);
  const loadBefore = Deno.loadavg()[0];
  const workers = navigator.hardwareConcurrency ?? 1;
  const appArgs = ["--store", store.path, "--tokens", String(TOKENS)];
  // The app on every core, the app on one worker (as before multi-core serving) and the
  // echo take turns in the same run, so the machine's load lands on all three alike.
  const [appRun, oneRun, echoRun, batchRun] = await measurePair([
    // The app with the V8 flags `deno task start` serves with; the echo with V8's defaults.
    { script: `${ctx.root}/bench/server/app_server.ts`, args: appArgs, v8Flags: SERVE_V8_FLAGS },
    {
      script: `${ctx.root}/bench/server/app_server.ts`,
      args: [...appArgs, "--workers", "1"],
      v8Flags: SERVE_V8_FLAGS,
    },
    { script: `${ctx.root}/bench/server/echo_server.ts`, args: ["--tokens", String(TOKENS)] },
    // The echo writing each answer in one chunk, as LoreChat's SSE does when the events are
    // ready together (the instant model's are): the floor for that framing.
    {
      script: `${ctx.root}/bench/server/echo_server.ts`,
      args: ["--tokens", String(TOKENS), "--batch"],
    },
  ], { windows, windowMs, warmupMs, question: store.question });
  const app = summary(appRun);
  const one = summary(oneRun);
  const echo = summary(echoRun);
  const echoBatch = summary(batchRun);
  ctx.log("server: a chat turn's own CPU over the same questions");
  // 300 questions: their chunks' word sets fit the turn's cache, so the second pass is warm.
  const questions = Array.from({ length: 300 }, (_, n) => store.question(n));
  // Other questions first, so the turn's code is compiled as in a serving worker.
  const warmup = Array.from({ length: 100 }, (_, n) => store.question(500 + n));
  const turnCpu = await measureTurnCpu(store.path, questions, warmup);
  const cpu = {
    cold: latencySummary(turnCpu.cold),
    warm: latencySummary(turnCpu.warm),
    analyzed: latencySummary(turnCpu.analyzed),
    digestMakeUs: turnCpu.digestMakeUs,
    digestShare: turnCpu.digestShare,
    digestChars: turnCpu.digestChars,
  };
  const peer = "bare Deno.serve SSE";
  const row = (
    figure: string,
    unit: string,
    ours: number | null,
    theirs: number | null,
    better: Row["better"],
    target?: number,
  ): Row => ({ figure, unit, ours, peer, peerValue: theirs, better, target });
  return {
    rows: [
      row("first byte p50", "ms", app.ttfb.p50, echo.ttfb.p50, "lower"),
      row("first byte p99", "ms", app.ttfb.p99, echo.ttfb.p99, "lower"),
      row("sources p50", "ms", app.sources.p50, echo.sources.p50, "lower"),
      row("sources p95", "ms", app.sources.p95, echo.sources.p95, "lower"),
      row("first token p50", "ms", app.firstToken.p50, echo.firstToken.p50, "lower"),
      row("first token p95", "ms", app.firstToken.p95, echo.firstToken.p95, "lower", 500),
      row("first token p99", "ms", app.firstToken.p99, echo.firstToken.p99, "lower"),
      row("tokens/s (all streams)", "tok/s", app.tokensPerSecond, echo.tokensPerSecond, "higher"),
      row("streams completed", "", app.completed, echo.completed, "higher"),
      row("errors", "", app.errors, echo.errors, "lower", 0),
      row("streams completed, 1 worker", "", one.completed, echo.completed, "higher"),
      {
        figure: "streams completed, vs the echo in one chunk",
        unit: "",
        ours: app.completed,
        peer: "bare Deno.serve SSE, one write a stream",
        peerValue: echoBatch.completed,
        better: "higher",
      },
      row("first token p99, 1 worker", "ms", one.firstToken.p99, echo.firstToken.p99, "lower"),
      row("peak RSS", "MB", app.peakRssMb, echo.peakRssMb, "lower", 512),
      row(
        "server CPU per stream",
        "ms",
        app.serverCpuMsPerStream,
        echo.serverCpuMsPerStream,
        "lower",
      ),
      {
        figure: "busiest worker's share of CPU",
        unit: "",
        ours: Math.max(0, ...Object.values(app.workerCpuShares)),
        better: "lower",
      },
      {
        figure: "turn CPU p50 (first visit)",
        unit: "ms",
        ours: cpu.cold.p50,
        better: "lower",
        target: 1,
      },
      { figure: "turn CPU p95 (first visit)", unit: "ms", ours: cpu.cold.p95, better: "lower" },
      { figure: "turn CPU p50 (chunks seen)", unit: "ms", ours: cpu.warm.p50, better: "lower" },
      {
        figure: "turn CPU p50 (first visit, no stored digests)",
        unit: "ms",
        ours: cpu.analyzed.p50,
        better: "lower",
      },
    ],
    details: {
      concurrency: CONCURRENCY,
      tokensPerAnswer: TOKENS,
      durationMs,
      warmupMs,
      storeChunks: store.chunks,
      storeBuildSeconds: store.buildSeconds,
      loadAverage: { before: loadBefore, after: Deno.loadavg()[0] },
      lorechat: app,
      lorechatOneWorker: one,
      echo,
      echoOneWrite: echoBatch,
      workers,
      turnCpuMs: cpu,
    },
    notes: [
      `LoreChat served from ${workers} workers on one port (as \`deno task start\`; ` +
      `${(app.completed / Math.max(1, one.completed)).toFixed(2)}× the streams of one worker in ` +
      "the same run), rate limit " +
      "and stream cap shared through SQLite; the echo is one bare Deno.serve. Completed streams " +
      `ratio ${(app.completed / Math.max(1, echo.completed)).toFixed(2)}× (target ≥ 0.5×; ` +
      `${(app.completed / Math.max(1, echoBatch.completed)).toFixed(2)}× against the echo ` +
      "writing each stream in one chunk, as LoreChat's SSE now does with the instant model); " +
      "first token p99 target ≤ 100 ms. Server CPU (user + system of the whole process, " +
      "from /proc, during the measured windows): LoreChat " +
      `${app.serverCpuSeconds?.toFixed(1) ?? "?"} s, the echo ` +
      `${echo.serverCpuSeconds?.toFixed(1) ?? "?"} s; the workers' shares of it ` +
      `${JSON.stringify(roundShares(app.workerCpuShares))} (even would be ` +
      `${(1 / Math.max(1, workers)).toFixed(2)} each).`,
      "Turn CPU: the process CPU time of re-ranking, de-duplication, per-page cap, relevance " +
      "gate, source cards and prompt, over 300 questions with the store's hits fetched " +
      "beforehand, after 100 other questions compiled the turn's code as in a serving worker " +
      "(first visit: the chunks' word sets are not cached yet, as for most " +
      "questions of the load run, each hit carrying the word digest the store keeps from " +
      `index time — lib/text/word_digest.ts, on ${(cpu.digestShare * 100).toFixed(0)}% of ` +
      `the hits, ${cpu.digestChars.toFixed(0)} characters each, ` +
      `${cpu.digestMakeUs.toFixed(0)} µs of CPU a chunk to make; then the same questions ` +
      "again; then first visits again with the digests taken off, as from a store written " +
      "before digests were kept).",
      `${CONCURRENCY} concurrent /api/chat SSE streams, ${durationMs / 1000} s per server in ` +
      `alternating ${windowMs / 1000} s windows after a ${warmupMs / 1000} s warm-up; servers ` +
      "in their own processes, load from the bench process, all on the machine's 2 cores " +
      `(load average ${loadBefore.toFixed(1)} before).`,
      `LoreChat answered ${app.tokensPerStream.toFixed(1)} tokens per stream (the fake model ` +
      `sends ${TOKENS}; a question retrieval judged unanswerable gets one sentence).`,
      ...[firstTokenNote({
        concurrency: CONCURRENCY,
        perSecond: app.requestsPerSecond,
        p99Ms: app.firstToken.p99,
        echoPerSecond: echo.requestsPerSecond,
        echoP99Ms: echo.firstToken.p99,
        targetMs: 100,
      })].filter((note) => note !== null),
    ],
  };
}

function roundShares(shares: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, Math.round(v * 100) / 100]));
}

/** The suite. */
export const serverSuite: Suite = {
  name: "server",
  description: "/api/chat under 100 concurrent SSE streams vs a bare Deno.serve SSE echo",
  run,
};
