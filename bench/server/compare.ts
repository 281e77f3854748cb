/**
 * Same-run comparison of serving code: the app from two (or more) checkouts of LoreChat,
 * and the echo (per event, or `echo-batch` in one write), taking turns in alternating
 * windows under the server suite's load, so a busy machine weighs on all of them alike.
 * For before/after figures when absolute ones drift with the machine's load.
 *
 *   deno run -A bench/server/compare.ts --store PATH [--build] [--windows 4] [--workers 2] \
 *     DIR_A DIR_B [echo] [echo-batch]
 *
 * `--build` builds the 50,000-chunk store at PATH first (removed again afterwards). Each DIR
 * is a checkout whose `bench/server/app_server.ts` is served; `DIR|FLAGS` serves it with
 * other V8 flags.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { SERVE_V8_FLAGS } from "../../lib/app/serve_flags.ts";
import { latencySummary } from "../../lib/eval/mod.ts";
import { measurePair } from "../suites/server.ts";
import { buildLoadStore, loadStoreQuestions } from "./load_store.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    store: { type: "string" },
    build: { type: "boolean", default: false },
    windows: { type: "string", default: "4" },
    workers: { type: "string", default: String(navigator.hardwareConcurrency ?? 1) },
  },
});
if (!values.store || positionals.length === 0) {
  throw new Error("usage: compare.ts --store PATH [--build] DIR_A DIR_B [echo] [echo-batch]");
}
const echo = new URL("./echo_server.ts", import.meta.url).pathname;

/** The server to spawn for one positional argument. */
function server(spec: string, store: string) {
  if (spec === "echo" || spec === "echo-batch") {
    return {
      script: echo,
      args: ["--tokens", "50", ...(spec === "echo-batch" ? ["--batch"] : [])],
    };
  }
  const [dir, flags] = spec.split("|");
  return {
    script: `${dir}/bench/server/app_server.ts`,
    args: ["--store", store, "--tokens", "50", "--workers", values.workers],
    v8Flags: flags ?? SERVE_V8_FLAGS,
  };
}

const built = values.build ? await buildLoadStore(values.store) : null;
try {
  const question = built?.question ?? loadStoreQuestions();
  const results = await measurePair(positionals.map((p) => server(p, values.store!)), {
    windows: Number(values.windows),
    windowMs: 5_000,
    warmupMs: 2_000,
    question,
  });
  for (const [i, m] of results.entries()) {
    const firstToken = latencySummary(m.load.firstTokenMs);
    console.log(JSON.stringify({
      server: positionals[i],
      completed: m.load.completed,
      errors: m.load.errors,
      firstTokenP50: Math.round(firstToken.p50),
      firstTokenP99: Math.round(firstToken.p99),
      cpuMsPerStream: m.cpu ? +(m.cpu.totalMs / Math.max(1, m.load.completed)).toFixed(2) : null,
      peakRssMb: m.memory.end ? Math.round(m.memory.end.peakMb) : null,
    }));
  }
} finally {
  if (built) {
    for (const suffix of ["", "-wal", "-shm", ".postings"]) {
      await Deno.remove(`${values.store}${suffix}`).catch(() => {});
    }
  }
}
