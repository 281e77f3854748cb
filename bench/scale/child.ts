/**
 * One measurement of the `scale` bench, in its own process so its memory is its own:
 *
 * - `build`: writes `--size` chunks into a fresh store in batches of 1,000 and closes it
 *   (the postings index is merged and saved at close); times only the store's work.
 *   With vectors, a fresh connection then builds the dense index (saving the IVF index
 *   beside the store from `annMinVectors` on), timed on its own.
 * - `serve`: opens that store as the app would, asks lexical, dense and hybrid questions,
 *   then reads its resident memory; with vectors it also scores ANN recall@10 against
 *   an exact scan of every stored vector.
 * - `peer`: builds Orama or MiniSearch in memory from the same chunks and asks the same
 *   questions.
 *
 * Prints one JSON line with the figures.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DatabaseSync } from "node:sqlite";
import { latencySummary } from "../../lib/eval/mod.ts";
import { openSqliteStore, type StoredChunk } from "../../lib/vectorstore/mod.ts";
import {
  bulkUpsert,
  defaultBulkWorkers,
  workerBatchAnalyzer,
} from "../../lib/vectorstore/bulk_upsert.ts";
import { addThreadCpu, threadCpuMs } from "./thread_cpu.ts";
import { IvfIndex } from "../../lib/vectorstore/ivf_index.ts";
import { createDotKernel } from "../../lib/vectorstore/simd_dot.ts";
import { processMemory } from "../server/process.ts";
import { scaleCorpus } from "./corpus.ts";
import { cpuMs, measureIndexOnly } from "./index_only.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    mode: { type: "string" },
    dir: { type: "string" },
    size: { type: "string" },
    engine: { type: "string", default: "postings" },
    dims: { type: "string", default: "0" },
    vocab: { type: "string", default: "zipf" },
    queries: { type: "string", default: "200" },
    segment: { type: "string" },
    // How the build writes: `bulk` (bulkUpsert: analysis in workers beside the writer)
    // or `upsert` (one store.upsert per 1,000 chunks on one thread, as before).
    writer: { type: "string", default: "bulk" },
    workers: { type: "string" },
  },
});
const size = Number(values.size);
const dims = Number(values.dims);
const queries = Number(values.queries);
const workers = values.workers ? Number(values.workers) : defaultBulkWorkers();
const engine = values.engine as "postings" | "fts5" | "orama" | "minisearch";
const corpus = scaleCorpus({ dimensions: dims, vocabulary: values.vocab as "zipf" | "nouns" });
const path = `${values.dir}/store.sqlite`;
/** Chunks the questions are about, spread over the corpus. */
const asked = Array.from({ length: queries }, (_, k) => Math.floor(((k + 0.5) * size) / queries));
const memory = () => processMemory(Deno.pid);

function openStore() {
  return openSqliteStore({
    path,
    dimensions: dims || null,
    lexicalEngine: engine === "fts5" ? "fts5" : "postings",
    // Today's store scans every vector exactly, whatever the size.
    annMinVectors: engine === "fts5" ? Infinity : undefined,
  });
}

/** Chunks generated ahead of a timed stretch of the build (the generator is not timed). */
const SLAB = 50_000;

async function build() {
  const store = openStore();
  let seconds = 0, cpu = 0;
  // One pool for every slab, so the workers' CPU is read before they end.
  const analyzer = values.writer === "bulk" ? workerBatchAnalyzer(workers) : null;
  const threads = new Map<string, number>();
  for (let slab = 0; slab < size; slab += SLAB) {
    // Generated first, so neither thread's timed work includes making the corpus.
    const batches: StoredChunk[][] = [];
    for (let start = slab; start < Math.min(size, slab + SLAB); start += 1000) {
      const batch: StoredChunk[] = [];
      for (let i = start; i < Math.min(size, start + 1000); i++) batch.push(corpus.chunk(i));
      batches.push(batch);
    }
    const t0 = performance.now(), c0 = cpuMs(), th0 = threadCpuMs();
    if (analyzer) await bulkUpsert(store, batches, { analyzer, ahead: 2 * workers });
    else for (const batch of batches) await store.upsert(batch);
    seconds += (performance.now() - t0) / 1000;
    cpu += (cpuMs() - c0) / 1000;
    addThreadCpu(threads, th0, threadCpuMs());
  }
  const t0 = performance.now(), c0 = cpuMs(), th0 = threadCpuMs();
  await store.close();
  seconds += (performance.now() - t0) / 1000;
  cpu += (cpuMs() - c0) / 1000;
  addThreadCpu(threads, th0, threadCpuMs());
  analyzer?.close();
  // The busiest thread's CPU: what the build would take with a core to each thread.
  const busiest = Math.max(0, ...threads.values()) / 1000;
  const ivf = dims > 0 && engine === "postings" ? await buildIvf() : {};
  let fileBytes = 0;
  for (const entry of Deno.readDirSync(values.dir!)) {
    if (entry.isFile) fileBytes += Deno.statSync(`${values.dir}/${entry.name}`).size;
  }
  return {
    buildSeconds: seconds,
    chunksPerSecond: size / seconds,
    buildCpuSeconds: cpu,
    chunksPerCpuSecond: size / cpu,
    busiestThreadCpuSeconds: busiest,
    chunksPerBusiestThreadCpuSecond: busiest > 0 ? size / busiest : null,
    // On two idle cores: no faster than the busiest thread, nor than half the CPU.
    twoIdleCoresChunksPerSecond: size / Math.max(busiest, cpu / 2),
    // The main thread first, then the others that used a tenth of a second or more.
    threadCpuSeconds: [...threads].filter(([tid, ms]) => tid === String(Deno.pid) || ms >= 100)
      .map(([tid, ms]) => [tid === String(Deno.pid) ? "main" : "other", ms / 1000]),
    fileMb: fileBytes / 2 ** 20,
    ...ivf,
  };
}

/**
 * With vectors: a fresh connection's first dense query builds the dense index and, from
 * `annMinVectors` on, saves the IVF index beside the store (`<path>.ivf`), as the first
 * process to serve a freshly ingested store does. Timed apart from the chunk writes.
 */
async function buildIvf() {
  const t0 = performance.now(), c0 = cpuMs();
  const store = openStore();
  try {
    await store.query({ vector: corpus.queryVector(0), topK: 1 });
  } finally {
    await store.close();
  }
  return {
    ivfBuildSeconds: (performance.now() - t0) / 1000,
    ivfBuildCpuSeconds: (cpuMs() - c0) / 1000,
    ivfFileMb: fileSize(`${path}.ivf`) / 2 ** 20,
  };
}

function fileSize(file: string): number {
  try {
    return Deno.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Questions about the chunks next to the asked ones: the warm-up, never timed (no more
 * than are timed, so a short run of a slow peer stays short).
 */
const WARM_UP = Math.min(100, asked.length);

/**
 * Wall and CPU milliseconds per question (CPU time shows one core's work on a busy
 * machine), after {@linkcode WARM_UP} other questions: a serving process has answered
 * many, so the JIT has compiled the search and the figures are its steady state.
 */
async function timed(run: (i: number) => Promise<unknown>) {
  // The first use loads or builds indexes; the next ones warm the JIT.
  for (const i of asked.slice(0, WARM_UP)) await run(Math.min(size - 1, i + 1));
  const times: number[] = [], cpu: number[] = [];
  for (const i of asked) {
    const t0 = performance.now(), c0 = cpuMs();
    await run(i);
    times.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const { p50, p99 } = latencySummary(times);
  const cpuTimes = latencySummary(cpu);
  return { p50, p99, cpuP50: cpuTimes.p50, cpuP99: cpuTimes.p99 };
}

async function serve() {
  const t0 = performance.now();
  const store = openStore();
  await store.query({ text: corpus.question(0), topK: 20 });
  const openSeconds = (performance.now() - t0) / 1000;
  const out: Record<string, unknown> = { openSeconds };
  out.lexical = await timed((i) => store.query({ text: corpus.question(i), topK: 20 }));
  if (dims > 0) {
    // Reads the saved IVF index (or, below annMinVectors, loads the exact scan).
    const t1 = performance.now(), c1 = cpuMs();
    await store.query({ vector: corpus.queryVector(0), topK: 20 });
    out.denseBuildSeconds = (performance.now() - t1) / 1000;
    out.denseOpenCpuSeconds = (cpuMs() - c1) / 1000;
    out.dense = await timed((i) => store.query({ vector: corpus.queryVector(i), topK: 20 }));
    out.hybrid = await timed((i) =>
      store.query({ text: corpus.question(i), vector: corpus.queryVector(i), topK: 20 })
    );
  }
  out.rssMb = memory()?.rssMb;
  if (dims > 0) {
    const recallQueries = asked.slice(0, 100);
    const got = await Promise.all(
      recallQueries.map((i) => store.query({ vector: corpus.queryVector(i), topK: 10 })),
    );
    await store.close();
    out.recallAt10 = recall(recallQueries, got.map((hits) => hits.map((h) => h.id)));
  } else {
    await store.close();
  }
  return out;
}

/** Share of the exact top 10 (full scan of the stored vectors) that search returned. */
function recall(asked: number[], got: string[][]): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const exact = exactTop10(
      asked,
      () =>
        db.prepare("SELECT id, vector FROM chunks").iterate() as Iterable<
          { id: string; vector: Uint8Array }
        >,
    );
    let found = 0;
    got.forEach((ids, r) => (found += ids.filter((id) => exact[r].has(id)).length));
    return found / (asked.length * 10);
  } finally {
    db.close();
  }
}

async function peer() {
  const docs = Array.from({ length: size }, (_, i) => {
    const c = corpus.chunk(i);
    return { id: c.id, title: c.metadata.title, heading: c.metadata.heading, text: c.text };
  });
  const t0 = performance.now();
  let ask: (q: string) => Promise<unknown>;
  // Imported here, so a serving child's memory holds only the store's code.
  if (engine === "orama") {
    const { create, insertMultiple, search } = await import("@orama/orama");
    const db = create({
      schema: { title: "string", heading: "string", text: "string" } as const,
      components: { tokenizer: { stemming: true, language: "english" } },
    });
    await insertMultiple(db, docs, 1_000);
    ask = (term) =>
      Promise.resolve(search(db, { term, boost: { title: 3, heading: 2 }, limit: 20 }));
  } else {
    const { default: MiniSearch } = await import("minisearch");
    const index = new MiniSearch({ fields: ["title", "heading", "text"] });
    index.addAll(docs);
    ask = (q) => Promise.resolve(index.search(q, { boost: { title: 3, heading: 2 } }).slice(0, 20));
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  const lexical = await timed((i) => ask(corpus.question(i)));
  return { buildSeconds, chunksPerSecond: size / buildSeconds, lexical, rssMb: memory()?.rssMb };
}

/**
 * The ANN index alone at `--size` × `--dims` (default 512): built from the corpus's
 * vectors without sqlite (three generated passes, as the store streams its rows), then
 * query p50/p99 and recall@10 against an exact scan. Cheaper than writing 2 GB of
 * vectors into a store on a busy machine; the store's own IVF path is the same class.
 */
async function ann() {
  const d = dims || 512;
  const rows = function* () {
    for (let i = 0; i < size; i++) {
      const v = corpus.vector(i) as unknown as Float32Array;
      yield { key: i, documentId: `page-${Math.floor(i / 10)}`, bytes: new Uint8Array(v.buffer) };
    }
  };
  const t0 = performance.now();
  const index = IvfIndex.build(d, rows);
  const buildSeconds = (performance.now() - t0) / 1000;
  const dense = await timed((i) => Promise.resolve(index.search(corpus.queryVector(i), 20)));
  const rssMb = memory()?.rssMb;
  const recallQueries = asked.slice(0, 100);
  const got = recallQueries.map((i) => index.search(corpus.queryVector(i), 10).map((m) => m.key));
  const exact = exactTop10(recallQueries, function* () {
    for (const row of rows()) yield { id: row.key, vector: row.bytes };
  });
  let found = 0;
  got.forEach((keys, r) => (found += keys.filter((k) => exact[r].has(k)).length));
  return {
    buildSeconds,
    lists: index.lists,
    probes: index.probes,
    dense,
    rssMb,
    recallAt10: found / (recallQueries.length * 10),
  };
}

/** Exact top-10 ids per query over `rows` (cosine, a SIMD scan of every vector). */
function exactTop10<K>(asked: number[], rows: () => Iterable<{ id: K; vector: Uint8Array }>) {
  const d = dims || 512;
  const kernel = createDotKernel(asked.length, d)!;
  asked.forEach((i, r) => {
    const q = Float32Array.from(corpus.queryVector(i));
    const norm = Math.sqrt(q.reduce((sum, x) => sum + x * x, 0));
    kernel.vectors.set(q.map((x) => x / norm), r * kernel.stride);
  });
  const best = asked.map(() => [] as { id: K; score: number }[]);
  const v = new Float32Array(d);
  for (const { id, vector } of rows()) {
    v.set(new Float32Array(vector.slice().buffer));
    let sum = 0;
    for (let j = 0; j < d; j++) sum += v[j] * v[j];
    const inv = 1 / Math.sqrt(sum);
    for (let j = 0; j < d; j++) v[j] *= inv;
    const scores = kernel.dots(v);
    best.forEach((list, r) => {
      if (list.length < 10 || scores[r] > list[9].score) {
        list.push({ id, score: scores[r] });
        list.sort((a, b) => b.score - a.score);
        if (list.length > 10) list.pop();
      }
    });
  }
  return best.map((list) => new Set(list.map((e) => e.id)));
}

function index() {
  return Promise.resolve({
    ...measureIndexOnly(corpus, size, asked, values.segment),
    rssMb: memory()?.rssMb,
  });
}

const modes = { build, serve, peer, ann, index };
const run = modes[values.mode as keyof typeof modes];
if (!run) throw new Error(`unknown --mode ${values.mode}`);
console.log(JSON.stringify(await run()));
