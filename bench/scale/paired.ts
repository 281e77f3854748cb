/**
 * The store's lexical query in two checkouts of LoreChat, compared in one process:
 * each opens the same store (built by `child.ts --mode=build`) read-only, and every
 * question goes to both in turn (which one first alternates), so both see the same
 * machine at the same moment — on a shared, busy machine the only A/B whose difference
 * is smaller than its noise. Prints CPU milliseconds per query (`process.cpuUsage`):
 * mean, p50, p90, p99 of each, and how many answers were identical.
 *
 * ```sh
 * deno run -A bench/scale/child.ts --mode=build --dir=/tmp/s200k --size=200000
 * deno run -A bench/scale/paired.ts --a=/tmp/lorechat-main --b=. --dir=/tmp/s200k \
 *   --size=200000 --queries=600 --passes=2
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import type { QueryHit, VectorStore } from "../../lib/vectorstore/mod.ts";
import { scaleCorpus } from "./corpus.ts";
import { cpuMs } from "./index_only.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    a: { type: "string" },
    b: { type: "string", default: "." },
    dir: { type: "string" },
    size: { type: "string" },
    queries: { type: "string", default: "600" },
    passes: { type: "string", default: "2" },
  },
});
if (!values.a || !values.dir || !values.size) {
  console.error("usage: paired.ts --a=CHECKOUT [--b=CHECKOUT] --dir=STORE_DIR --size=N");
  Deno.exit(2);
}
const size = Number(values.size);
const queries = Number(values.queries);

async function open(checkout: string): Promise<VectorStore> {
  const url = `file://${resolve(checkout)}/lib/vectorstore/mod.ts`;
  const mod = await import(url);
  return mod.openSqliteStore({ path: `${values.dir}/store.sqlite`, readOnly: true });
}

const stores = { a: await open(values.a), b: await open(values.b) };
const corpus = scaleCorpus({ dimensions: 0, vocabulary: "zipf" });
const asked = Array.from({ length: queries }, (_, k) => Math.floor(((k + 0.5) * size) / queries));
const ask = (store: VectorStore, i: number) => store.query({ text: corpus.question(i), topK: 20 });
// Warm-up: the questions next to the timed ones.
for (const i of asked.slice(0, 100)) {
  for (const store of Object.values(stores)) await ask(store, Math.min(size - 1, i + 1));
}
const times = { a: [] as number[], b: [] as number[] };
let identical = 0, asks = 0;
for (let pass = 0; pass < Number(values.passes); pass++) {
  for (const [k, i] of asked.entries()) {
    const order = (k + pass) % 2 === 0 ? ["a", "b"] as const : ["b", "a"] as const;
    const got: Partial<Record<"a" | "b", QueryHit[]>> = {};
    for (const name of order) {
      const c0 = cpuMs();
      got[name] = await ask(stores[name], i);
      times[name].push(cpuMs() - c0);
    }
    asks++;
    if (JSON.stringify(got.a) === JSON.stringify(got.b)) identical++;
  }
}
for (const store of Object.values(stores)) await store.close();

function summary(samples: number[]) {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const mean = samples.reduce((x, y) => x + y, 0) / samples.length;
  return { mean, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}
console.log(JSON.stringify({ a: summary(times.a), b: summary(times.b), identical, asks }));
