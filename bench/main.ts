/**
 * `deno task bench [suite…] [--quick] [--soak-minutes N] [--sources-pages N,N…] [--out DIR]`
 *
 * Runs the benchmark suites, prints one Markdown table (LoreChat next to an alternative,
 * with the ratio and a target) and writes the figures to `bench/results/<date>.json`
 * (`<date>-quick.json` for `--quick`, so a smoke run never overwrites a full one; a run
 * of some suites updates just those suites in the day's file).
 *
 * With no suite named every suite runs, except that `--quick` leaves out `soak`. Targets
 * are reported, never asserted: the exit code is 0 unless a suite crashed (then 1), or 2
 * on bad usage. See bench/README.md.
 *
 * @module
 */
import { parseArgs } from "node:util";
import freshConfig from "../fresh.config.ts";
import { describeMachine, machineLine } from "./machine.ts";
import { markdownTable, type SuiteRows } from "./report.ts";
import { buildLoadStore } from "./server/load_store.ts";
import { crawlSuite } from "./suites/crawl.ts";
import { extractSuite } from "./suites/extract.ts";
import { ingestSuite } from "./suites/ingest.ts";
import { lambdaSuite } from "./suites/lambda.ts";
import { retrievalSuite } from "./suites/retrieval.ts";
import { scaleSuite } from "./suites/scale.ts";
import { serverSuite } from "./suites/server.ts";
import { soakSuite } from "./suites/soak.ts";
import { sourcesSuite } from "./suites/sources.ts";
import { webSuite } from "./suites/web.ts";
import type { BenchContext, LoadStore, Suite, SuiteOutcome } from "./types.ts";

/** Every suite, in the order a full run takes them. */
export const SUITES: Suite[] = [
  retrievalSuite,
  extractSuite,
  ingestSuite,
  crawlSuite,
  sourcesSuite,
  lambdaSuite,
  webSuite,
  serverSuite,
  soakSuite,
  scaleSuite,
];

const USAGE = `usage: deno task bench [${
  SUITES.map((s) => s.name).join("|")
}…] [--quick] [--soak-minutes N] [--sources-pages N,N…] [--out DIR]`;

interface SuiteRecord extends SuiteOutcome {
  quick: boolean;
  ranAt: string;
  seconds: number;
  error?: string;
}

async function readResults(path: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    return {};
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: {
        quick: { type: "boolean", default: false },
        "soak-minutes": { type: "string" },
        "sources-pages": { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(
      `${USAGE}\n\n${SUITES.map((s) => `  ${s.name.padEnd(10)} ${s.description}`).join("\n")}`,
    );
    return 0;
  }
  const unknown = positionals.filter((name) => !SUITES.some((s) => s.name === name));
  const soakMinutes = values["soak-minutes"] ? Number(values["soak-minutes"]) : undefined;
  const sourcesPages = values["sources-pages"]?.split(",").map(Number);
  const badPages = sourcesPages?.some((n) => !Number.isInteger(n) || n < 1) ?? false;
  if (unknown.length > 0 || (soakMinutes !== undefined && !(soakMinutes > 0)) || badPages) {
    console.error(`${unknown.length ? `unknown suite ${unknown.join(", ")}\n` : ""}${USAGE}`);
    return 2;
  }
  const quick = values.quick;
  const chosen = positionals.length > 0
    ? SUITES.filter((s) => positionals.includes(s.name))
    : SUITES.filter((s) => !(quick && s.long));

  const root = freshConfig.root;
  const tempDir = await Deno.makeTempDir({ prefix: "lorechat-bench-" });
  const machine = await describeMachine();
  const started = performance.now();
  const log = (message: string) =>
    console.error(
      `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`,
    );
  let loadStore: Promise<LoadStore> | null = null;
  const context: BenchContext = {
    quick,
    root,
    tempDir,
    soakMinutes,
    sourcesPages,
    log,
    loadStore: () => {
      loadStore ??= (async () => {
        log("building the 50,000-chunk sqlite store");
        const built = await buildLoadStore(`${tempDir}/load.sqlite`);
        log(`built in ${built.buildSeconds.toFixed(1)} s`);
        return built;
      })();
      return loadStore;
    },
  };
  log(`${quick ? "quick" : "full"} run: ${chosen.map((s) => s.name).join(", ")}`);
  log(machineLine(machine));
  const records: Record<string, SuiteRecord> = {};
  let crashed = false;
  try {
    for (const suite of chosen) {
      const t0 = performance.now();
      log(`— ${suite.name}: ${suite.description}`);
      const ranAt = new Date().toISOString();
      try {
        const outcome = await suite.run(context);
        records[suite.name] = {
          ...outcome,
          quick,
          ranAt,
          seconds: (performance.now() - t0) / 1000,
        };
      } catch (error) {
        crashed = true;
        console.error(error);
        records[suite.name] = {
          rows: [],
          details: {},
          quick,
          ranAt,
          seconds: (performance.now() - t0) / 1000,
          error: (error as Error).message ?? String(error),
        };
      }
      log(`— ${suite.name} took ${records[suite.name].seconds.toFixed(1)} s`);
    }
  } finally {
    await Deno.remove(tempDir, { recursive: true }).catch(() => {});
  }
  const totalSeconds = (performance.now() - started) / 1000;

  const outDir = values.out ?? `${root}/bench/results`;
  const date = new Date().toISOString().slice(0, 10);
  const file = `${outDir}/${date}${quick ? "-quick" : ""}.json`;
  const previous = await readResults(file);
  const results = {
    date,
    machine,
    lastRun: { quick, suites: chosen.map((s) => s.name), totalSeconds },
    suites: { ...(previous.suites as Record<string, SuiteRecord> ?? {}), ...records },
  };
  await Deno.mkdir(outDir, { recursive: true });
  await Deno.writeTextFile(file, JSON.stringify(results, null, 2) + "\n");

  const table: SuiteRows[] = chosen.map((s) => ({
    suite: s.name,
    rows: records[s.name].rows,
    error: records[s.name].error,
    skipped: records[s.name].skipped,
  }));
  console.log(`\n${machineLine(machine)}\n`);
  console.log(markdownTable(table));
  for (const s of chosen) {
    for (const note of records[s.name].notes ?? []) console.log(`\n- ${s.name}: ${note}`);
  }
  console.log(`\n${quick ? "quick" : "full"} run: ${totalSeconds.toFixed(0)} s; wrote ${file}`);
  return crashed ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
