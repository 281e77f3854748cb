/**
 * A chat turn's own CPU: everything the turn does between the store's answer and the
 * model call — re-ranking, de-duplication, the per-page cap, the relevance gate, the
 * source cards and the prompt — timed per question with the store's hits fetched
 * beforehand, so neither the store nor a model is counted.
 *
 * @module
 */
import { cpuUsage } from "node:process";
import { buildSystemPrompt, retrievePassages, snippet } from "../../lib/rag/mod.ts";
import { openSqliteStore, type QueryHit, type VectorStore } from "../../lib/vectorstore/mod.ts";

/**
 * Per-turn CPU time in ms (user + system of this process, which does nothing else
 * meanwhile, so other processes on a busy machine do not count): first visit of each
 * question's chunks, then a second pass.
 */
export interface TurnCpu {
  cold: number[];
  warm: number[];
}

const RETRIEVAL = { topK: 6, maxPerPage: 2, minScore: 0 };

/** Measures over `questions` against the store at `path` (opened read-only). */
export async function measureTurnCpu(path: string, questions: string[]): Promise<TurnCpu> {
  const store = openSqliteStore({ path, dimensions: null, readOnly: true });
  try {
    const hits: QueryHit[][] = [];
    for (const text of questions) {
      // What retrievePassages asks the store for at topK 6.
      hits.push(await store.query({ text, topK: Math.max(RETRIEVAL.topK * 3, 20) }));
    }
    const pass = async () => {
      const times: number[] = [];
      for (const [i, question] of questions.entries()) {
        const answered = { query: () => Promise.resolve(hits[i]) } as unknown as VectorStore;
        const started = cpuUsage();
        const retrieval = await retrievePassages(question, answered, null, RETRIEVAL);
        buildSystemPrompt(retrieval.passages);
        for (const p of retrieval.passages) snippet(p.text);
        const used = cpuUsage(started);
        times.push((used.user + used.system) / 1000);
      }
      return times;
    };
    const cold = await pass();
    const warm = await pass();
    return { cold, warm };
  } finally {
    await store.close();
  }
}
