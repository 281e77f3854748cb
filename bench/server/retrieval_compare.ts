/**
 * Same-process comparison of two (or more) checkouts' retrieval: each checkout's store
 * and chat-turn code (`lib/vectorstore`, `lib/rag`) is imported into this one process
 * and asked the server suite's 997 questions in turn, question by question (A, B, B, A…),
 * so a burst of other work on a shared machine lands on every side alike — finer than
 * `compare.ts`' 5 s windows when the difference is a tenth of a millisecond. Per side: the
 * store's query (`store.query`, top 20) and the turn's own work (`retrievePassages` on
 * those hits, the prompt and the source cards' snippets), as process CPU time per
 * question, each pass a first visit (the turn's chunk memo emptied); and whether every
 * side kept the same passages with the same scores.
 *
 *   deno run -A bench/server/retrieval_compare.ts --store PATH [--passes 4] DIR_A DIR_B
 *
 * The store at PATH is one `compare.ts --build` (or `load_store.ts`) made; it is opened
 * read-only by every side.
 *
 * @module
 */
import { cpuUsage } from "node:process";
import { parseArgs } from "node:util";
import { loadStoreQuestions } from "./load_store.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { store: { type: "string" }, passes: { type: "string", default: "4" } },
});
if (!values.store || positionals.length === 0) {
  throw new Error("usage: retrieval_compare.ts --store PATH [--passes 4] DIR_A DIR_B");
}

const RETRIEVAL = { topK: 6, maxPerPage: 2, minScore: 0 };
const QUESTIONS = 997;

/** Process CPU time (user + system), ms. */
function cpuMs(): number {
  const used = cpuUsage();
  return (used.user + used.system) / 1000;
}

/** One checkout's code and store connection, and what a pass measured. */
async function side(dir: string) {
  const root = new URL(`${dir.replace(/\/$/, "")}/`, `file://${Deno.cwd()}/`);
  const rag = await import(new URL("lib/rag/mod.ts", root).href);
  const chunks = await import(new URL("lib/rag/chunk_terms.ts", root).href);
  const stores = await import(new URL("lib/vectorstore/mod.ts", root).href);
  const store = stores.openSqliteStore({ path: values.store, dimensions: null, readOnly: true });
  return { dir, rag, chunks, store, queryMs: 0, turnMs: 0, kept: [] as string[] };
}

type Side = Awaited<ReturnType<typeof side>>;

/** Asks `question` of one side, adding its CPU times and what it kept. */
async function ask(s: Side, question: string): Promise<void> {
  const started = cpuMs();
  const hits = await s.store.query({ text: question, topK: 20 });
  const queried = cpuMs();
  const answered = { query: () => Promise.resolve(hits) };
  const retrieval = await s.rag.retrievePassages(question, answered, null, RETRIEVAL);
  s.rag.buildSystemPrompt(retrieval.passages);
  for (const p of retrieval.passages) s.rag.snippet(p.text);
  s.queryMs += queried - started;
  s.turnMs += cpuMs() - queried;
  const passages = retrieval.passages as { id: string; score: number }[];
  s.kept.push(`${retrieval.relevant}:${passages.map((p) => `${p.id}@${p.score}`).join(",")}`);
}

const sides = await Promise.all(positionals.map(side));
const question = loadStoreQuestions();
try {
  // Pass 0 compiles every side's code; it is not reported.
  for (let pass = 0; pass <= Number(values.passes); pass++) {
    for (const s of sides) {
      s.chunks.forgetChunks();
      s.queryMs = s.turnMs = 0;
      s.kept = [];
    }
    for (let n = 0; n < QUESTIONS; n++) {
      for (const s of n % 2 ? sides : [...sides].reverse()) await ask(s, question(n));
    }
    if (pass === 0) continue;
    const same = sides.every((s) => s.kept.join("\n") === sides[0].kept.join("\n"));
    console.log(JSON.stringify({
      pass,
      samePassages: same,
      sides: sides.map((s) => ({
        dir: s.dir,
        queryUs: Math.round((s.queryMs * 1000) / QUESTIONS),
        turnUs: Math.round((s.turnMs * 1000) / QUESTIONS),
      })),
    }));
  }
} finally {
  for (const s of sides) await s.store.close();
}
