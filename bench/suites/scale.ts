/**
 * `scale`: the embedded store at 50k, 200k and 1M chunks (`--quick`: 50k only, fewer
 * questions) on the Zipf-vocabulary synthetic lore (`bench/scale/corpus.ts`), lexical
 * only and with 512-d clustered vectors. LoreChat's store (postings index + IVF over
 * int8 vectors from 100k vectors on) next to today's store (FTS5 + an exact scan of
 * every vector), and at 50k next to Orama and MiniSearch (in memory); the old ~100-noun
 * vocabulary runs at 50k as the worst case. Every figure comes from a child process
 * (`bench/scale/child.ts`): one builds the store, a fresh one serves it, so the RSS is a
 * serving process's. A full run draws latency against size in `bench/scale_latency.svg`.
 *
 * @module
 */
import { SERVE_V8_FLAGS } from "../../lib/app/serve_flags.ts";
import denoJson from "../../deno.json" with { type: "json" };
import { logLogChart, type Series } from "../scale/chart.ts";
import type { BenchContext, Row, Suite, SuiteOutcome } from "../types.ts";

// deno-lint-ignore no-explicit-any
type Figures = Record<string, any>;

const version = (name: string) =>
  (denoJson.imports as Record<string, string>)[name]?.replace(/^npm:.*@/, "") ?? "";

async function child(args: string[]): Promise<Figures> {
  const script = new URL("../scale/child.ts", import.meta.url).pathname;
  // A serving child runs with the flags the app is served with (its RSS is a figure).
  const serving = args[0] === "--mode=serve" ? `,${SERVE_V8_FLAGS}` : "";
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `--v8-flags=--max-old-space-size=8192${serving}`, script, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!output.success) throw new Error(`scale child failed: ${args.join(" ")}`);
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

/** Builds a store in a fresh folder, serves it, removes it. */
async function measureStore(
  context: BenchContext,
  size: number,
  engine: "postings" | "fts5",
  dims: number,
  vocab: "zipf" | "nouns",
  queries: number,
): Promise<Figures> {
  const dir = await Deno.makeTempDir({ dir: context.tempDir, prefix: "scale-" });
  const args = [`--dir=${dir}`, `--size=${size}`, `--engine=${engine}`, `--dims=${dims}`];
  args.push(`--vocab=${vocab}`, `--queries=${queries}`);
  try {
    context.log(`scale: ${engine} ${dims ? `+ ${dims}-d vectors ` : ""}${vocab} ${size} chunks`);
    const built = await child(["--mode=build", ...args]);
    const served = await child(["--mode=serve", ...args]);
    // Logged as measured, so a run cut short still leaves its figures behind.
    context.log(`scale: ${JSON.stringify({ ...built, ...served })}`);
    return { ...built, ...served };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

const PARTS = ["lexical", "fts5", "vectors", "today", "peers"];

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

async function run(context: BenchContext): Promise<SuiteOutcome> {
  // SCALE_SIZES=200000,1000000 and SCALE_PARTS=lexical,vectors bound a long run on a
  // busy machine (parts: lexical, fts5, vectors, today, peers).
  const sizes = env("SCALE_SIZES")?.split(",").map(Number) ??
    (context.quick ? [50_000] : [50_000, 200_000, 1_000_000]);
  const parts = new Set(env("SCALE_PARTS")?.split(",") ?? PARTS);
  const queries = context.quick ? 100 : 200;
  const rows: Row[] = [];
  const details: Figures = {};
  const row = (figure: string, unit: string, ours?: number | null, extra: Partial<Row> = {}) => {
    const r: Row = { figure, unit, ours: ours ?? null, better: "lower", ...extra };
    if ("peerValue" in r) r.peerValue = r.peerValue ?? null;
    if (r.ours !== null || (r.peerValue ?? null) !== null) rows.push(r);
  };
  for (const size of sizes) {
    const n = label(size);
    const skipped: Figures = { lexical: {}, dense: {}, hybrid: {} };
    const measure = (part: string, engine: "postings" | "fts5", dims: number) =>
      parts.has(part) ? measureStore(context, size, engine, dims, "zipf", queries) : skipped;
    const lex = await measure("lexical", "postings", 0);
    const fts = await measure("fts5", "fts5", 0);
    const vec = await measure("vectors", "postings", 512);
    // Today's exact scan holds every float vector (2 GB at 1M): measured up to 200k.
    const today = size <= 200_000 ? await measure("today", "fts5", 512) : null;
    details[n] = { lexical: lex, fts5: fts, vectors: vec, todayVectors: today };
    const peer = { peer: "today's store (FTS5, exact scan)" };
    const big = size === 1_000_000;
    row(`${n} build, lexical only`, "chunks/s", lex.chunksPerSecond, {
      better: "higher",
      peerValue: fts.chunksPerSecond,
      ...peer,
      target: 20_000,
    });
    row(`${n} build CPU, lexical only`, "chunks/CPU-s", lex.chunksPerCpuSecond, {
      better: "higher",
      peerValue: fts.chunksPerCpuSecond,
      ...peer,
    });
    // The wall time two idle cores would take (the busiest thread's CPU, or half the
    // process's): on a shared machine the wall figure above says how busy it was.
    row(`${n} build on 2 idle cores, lexical only`, "chunks/s", lex.twoIdleCoresChunksPerSecond, {
      better: "higher",
      peerValue: fts.twoIdleCoresChunksPerSecond,
      ...peer,
      target: 20_000,
    });
    row(`${n} lexical top-20 p50`, "ms", lex.lexical.p50, {
      peerValue: fts.lexical.p50,
      ...peer,
      target: big ? 5 : undefined,
    });
    row(`${n} lexical top-20 p99`, "ms", lex.lexical.p99, {
      peerValue: fts.lexical.p99,
      ...peer,
      target: big ? 20 : undefined,
    });
    row(`${n} RSS serving, lexical only`, "MB", lex.rssMb, {
      peerValue: fts.rssMb,
      ...peer,
      target: size === 50_000 ? 150 : undefined,
    });
    row(`${n} files, lexical only`, "MB", lex.fileMb, { peerValue: fts.fileMb, ...peer });
    row(`${n} dense top-20 p50 (${size >= 100_000 ? "IVF int8" : "exact"})`, "ms", vec.dense.p50, {
      peerValue: today?.dense?.p50 ?? null,
      ...peer,
      target: big ? 5 : undefined,
    });
    row(`${n} dense top-20 p99`, "ms", vec.dense.p99, {
      peerValue: today?.dense?.p99 ?? null,
      ...peer,
    });
    row(`${n} dense recall@10 vs exact`, "", vec.recallAt10, {
      better: "higher",
      target: 0.95,
    });
    row(`${n} hybrid top-20 p50`, "ms", vec.hybrid.p50, {
      peerValue: today?.hybrid?.p50 ?? null,
      ...peer,
    });
    row(`${n} hybrid top-20 p99`, "ms", vec.hybrid.p99, {
      peerValue: today?.hybrid?.p99 ?? null,
      ...peer,
    });
    row(`${n} dense index build (first dense query)`, "s", vec.ivfBuildSeconds, {
      peerValue: today?.denseBuildSeconds ?? null,
      ...peer,
    });
    row(`${n} dense index open (first dense query, saved IVF)`, "s", vec.denseBuildSeconds, {
      peerValue: today?.denseBuildSeconds ?? null,
      ...peer,
    });
    row(`${n} RSS serving, with vectors`, "MB", vec.rssMb, {
      peerValue: today?.rssMb ?? null,
      ...peer,
      target: big ? 1024 : undefined,
    });
    row(`${n} files, with vectors`, "MB", vec.fileMb, {
      peerValue: today?.fileMb ?? null,
      ...peer,
    });
    if (size === 50_000 && parts.has("peers")) {
      await peers(context, size, queries, lex, rows, details);
    }
  }
  const notes = [
    "Build time is the store's own work (upserts in batches of 1,000 and the close that " +
    "merges and saves the postings index), not the corpus generator's.",
    "RSS is VmRSS of a fresh process that opened the store and asked every question.",
  ];
  for (const size of sizes) {
    const note = buildGap(label(size), details[label(size)]?.lexical);
    if (note) notes.push(note);
  }
  if (sizes.length > 1) {
    const svg = chart(sizes, details);
    await Deno.writeTextFile(`${context.root}/bench/scale_latency.svg`, svg);
    notes.push("Latency against corpus size: bench/scale_latency.svg.");
  }
  return { rows, details, notes };
}

/** The build's target for lexical-only indexing (issue 13), in chunks a second. */
const BUILD_TARGET = 20_000;

/**
 * Why a lexical build falls short of {@linkcode BUILD_TARGET}, from its own CPU: the
 * microseconds each chunk cost across the build's threads, the writer's share, and the
 * most two cores could give at that cost. Null when the build met the target or was not
 * measured.
 */
export function buildGap(size: string, built: Figures | undefined): string | null {
  if (!built?.chunksPerSecond || !built.chunksPerCpuSecond) return null;
  if (built.chunksPerSecond >= BUILD_TARGET) return null;
  const perChunk = 1e6 / built.chunksPerCpuSecond;
  const threads = (built.threadCpuSeconds ?? []) as [string, number][];
  const main = threads.find(([name]) => name === "main")?.[1];
  const chunks = built.chunksPerSecond * built.buildSeconds;
  const writer = main && chunks ? ` (the writing thread ${(main * 1e6 / chunks).toFixed(0)})` : "";
  return `${size} lexical build: ${Math.round(built.chunksPerSecond).toLocaleString("en")} ` +
    `chunks/s against the ${BUILD_TARGET.toLocaleString("en")} target. Each chunk cost ` +
    `${perChunk.toFixed(0)} µs of CPU across the build's threads${writer} — its language, ` +
    "word digest and postings terms, made in worker threads, and its row and postings, " +
    `written by one thread — so two cores give at most ` +
    `${Math.round(2e6 / perChunk).toLocaleString("en")} chunks/s; the target needs ` +
    `${(2e6 / BUILD_TARGET).toFixed(0)} µs or less.`;
}

/** Orama and MiniSearch at 50k (in memory), and the ~100-noun worst case. */
async function peers(
  context: BenchContext,
  size: number,
  queries: number,
  lex: Figures,
  rows: Row[],
  details: Figures,
) {
  for (const [engine, name] of [["orama", "Orama"], ["minisearch", "MiniSearch"]] as const) {
    context.log(`scale: ${name} ${size} chunks`);
    const dir = await Deno.makeTempDir({ dir: context.tempDir, prefix: "scale-" });
    try {
      const args = [`--mode=peer`, `--dir=${dir}`, `--size=${size}`, `--engine=${engine}`];
      // Orama and MiniSearch take 0.5–2 s a question at 50k: a smoke run asks them 20.
      const asked = context.quick ? Math.min(queries, 20) : queries;
      const p = await child([...args, `--queries=${asked}`]);
      details[`50k ${engine}`] = p;
      context.log(`scale: ${JSON.stringify(p)}`);
      const peer = `${name} ${version(engine === "orama" ? "@orama/orama" : "minisearch")}`;
      rows.push(
        {
          figure: "50k lexical top-20 p50",
          unit: "ms",
          ours: lex.lexical.p50,
          peer,
          peerValue: p.lexical.p50,
          better: "lower",
        },
        {
          figure: "50k build, lexical only",
          unit: "chunks/s",
          ours: lex.chunksPerSecond,
          peer,
          peerValue: p.chunksPerSecond,
          better: "higher",
        },
        {
          figure: "50k RSS serving, lexical only",
          unit: "MB",
          ours: lex.rssMb,
          peer,
          peerValue: p.rssMb,
          better: "lower",
        },
      );
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  }
  const worst = await measureStore(context, size, "postings", 0, "nouns", queries);
  const worstFts = await measureStore(context, size, "fts5", 0, "nouns", queries);
  details["50k nouns"] = { postings: worst, fts5: worstFts };
  const peer = "today's store (FTS5)";
  rows.push(
    {
      figure: "50k worst case (~100 nouns) lexical p50",
      unit: "ms",
      ours: worst.lexical.p50,
      peer,
      peerValue: worstFts.lexical.p50,
      better: "lower",
    },
    {
      figure: "50k worst case (~100 nouns) lexical p99",
      unit: "ms",
      ours: worst.lexical.p99,
      peer,
      peerValue: worstFts.lexical.p99,
      better: "lower",
    },
  );
}

/** The latency chart of a run's (or several runs') details, keyed by size label. */
export function chart(sizes: number[], details: Figures): string {
  const at = (key: string, pick: (f: Figures) => number | undefined) =>
    sizes.map((s) => [s, pick(details[label(s)]?.[key] ?? {}) ?? null] as [number, number | null]);
  const series: Series[] = [
    { name: "lexical p50, postings", points: at("lexical", (f) => f.lexical?.p50) },
    { name: "lexical p50, FTS5 (today)", points: at("fts5", (f) => f.lexical?.p50), dashed: true },
    { name: "lexical p99, postings", points: at("lexical", (f) => f.lexical?.p99) },
    { name: "lexical p99, FTS5 (today)", points: at("fts5", (f) => f.lexical?.p99), dashed: true },
    { name: "dense p50, exact → IVF", points: at("vectors", (f) => f.dense?.p50) },
    {
      name: "dense p50, exact (today)",
      points: at("todayVectors", (f) => f.dense?.p50),
      dashed: true,
    },
    { name: "hybrid p50, LoreChat", points: at("vectors", (f) => f.hybrid?.p50) },
  ].filter((s) => s.points.some(([, y]) => typeof y === "number"));
  return logLogChart("Query latency against corpus size (top 20)", "chunks", "ms", series);
}

/** The `scale` suite. */
export const scaleSuite: Suite = {
  name: "scale",
  description: "store at 50k/200k/1M chunks: build, lexical/dense/hybrid p50/p99, recall, RSS",
  run,
};
