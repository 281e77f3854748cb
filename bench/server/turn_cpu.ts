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
import { forgetChunks } from "../../lib/rag/chunk_terms.ts";
import { chunkDigest } from "../../lib/rag/chunk_digest.ts";
import { openSqliteStore, type QueryHit, type VectorStore } from "../../lib/vectorstore/mod.ts";

/**
 * Per-turn CPU time in ms (user + system of this process, which does nothing else
 * meanwhile, so other processes on a busy machine do not count): first visit of each
 * question's chunks, then a second pass; then, with the turn's memo emptied, a first
 * visit again with each hit carrying its word digest as a store would keep it from index
 * time (`digestMakeUs`: what making one digest costs, per chunk).
 */
export interface TurnCpu {
  cold: number[];
  warm: number[];
  digested: number[];
  digestMakeUs: number;
}

const RETRIEVAL = { topK: 6, maxPerPage: 2, minScore: 0 };

function cpuMs(since: ReturnType<typeof cpuUsage>): number {
  const used = cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function timeTurns(questions: string[], hits: QueryHit[][]): Promise<number[]> {
  const times: number[] = [];
  for (const [i, question] of questions.entries()) {
    const answered = { query: () => Promise.resolve(hits[i]) } as unknown as VectorStore;
    const started = cpuUsage();
    const retrieval = await retrievePassages(question, answered, null, RETRIEVAL);
    buildSystemPrompt(retrieval.passages);
    for (const p of retrieval.passages) snippet(p.text);
    times.push(cpuMs(started));
  }
  return times;
}

/** The same hits, each with the word digest a store would have made at index time. */
function withDigests(hits: QueryHit[][]): { hits: QueryHit[][]; makeUs: number } {
  const made = new Map<string, string | undefined>();
  const started = cpuUsage();
  for (const hit of hits.flat()) {
    if (made.has(hit.id)) continue;
    const { title, heading, lang } = hit.metadata;
    made.set(hit.id, chunkDigest({ title, heading, text: hit.text, lang }) ?? undefined);
  }
  const makeUs = (cpuMs(started) * 1000) / Math.max(1, made.size);
  return {
    hits: hits.map((list) => list.map((hit) => ({ ...hit, wordDigest: made.get(hit.id) }))),
    makeUs,
  };
}

/**
 * Measures over `questions` against the store at `path` (opened read-only). The turn's
 * code is first run over `warmup` (other questions), as a serving worker's is after its
 * first requests, and the memo emptied, so a first visit is a chunk never seen rather
 * than code not yet compiled.
 */
export async function measureTurnCpu(
  path: string,
  questions: string[],
  warmup: string[] = [],
): Promise<TurnCpu> {
  const store = openSqliteStore({ path, dimensions: null, readOnly: true });
  try {
    const ask = async (list: string[]) => {
      const hits: QueryHit[][] = [];
      for (const text of list) {
        // What retrievePassages asks the store for at topK 6.
        hits.push(await store.query({ text, topK: Math.max(RETRIEVAL.topK * 3, 20) }));
      }
      return hits;
    };
    const early = await ask(warmup);
    await timeTurns(warmup, early);
    await timeTurns(warmup, withDigests(early).hits);
    const hits = await ask(questions);
    forgetChunks();
    const cold = await timeTurns(questions, hits);
    const warm = await timeTurns(questions, hits);
    const digests = withDigests(hits);
    forgetChunks();
    const digested = await timeTurns(questions, digests.hits);
    return { cold, warm, digested, digestMakeUs: digests.makeUs };
  } finally {
    await store.close();
  }
}
