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
import { chunkWordDigest } from "../../lib/text/mod.ts";
import { openSqliteStore, type QueryHit, type VectorStore } from "../../lib/vectorstore/mod.ts";

/**
 * Per-turn CPU time in ms (user + system of this process, which does nothing else
 * meanwhile, so other processes on a busy machine do not count): first visit of each
 * question's chunks, hits as the store returns them (with the word digests it keeps
 * from index time), then with the chunks remembered (a third pass: the memo keeps a chunk
 * from its second visit); then, with the turn's memo emptied, a first
 * visit again with the digests taken off the hits, as from a store that keeps none.
 */
export interface TurnCpu {
  cold: number[];
  warm: number[];
  /** First visits with no digest on any hit: every chunk analyzed from its text. */
  analyzed: number[];
  /** Share of the hits the store returned with a digest. */
  digestShare: number;
  /** Mean length of a returned digest, in UTF-16 code units (≈ bytes for Latin text). */
  digestChars: number;
  /** CPU one digest costs to make (`chunkWordDigest`), µs per chunk. */
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

/** The same hits without their word digests, and what the digests cost to make and keep. */
function withoutDigests(hits: QueryHit[][]) {
  const distinct = new Map(hits.flat().map((hit) => [hit.id, hit]));
  const digests = [...distinct.values()].flatMap((h) => h.wordDigest ?? []);
  const started = cpuUsage();
  for (const { metadata: m, text } of distinct.values()) {
    chunkWordDigest({ title: m.title, heading: m.heading, text, lang: m.lang ?? "en" });
  }
  return {
    hits: hits.map((list) => list.map(({ wordDigest: _, ...hit }) => hit)),
    digestShare: digests.length / Math.max(1, distinct.size),
    digestChars: digests.reduce((sum, d) => sum + d.length, 0) / Math.max(1, digests.length),
    digestMakeUs: (cpuMs(started) * 1000) / Math.max(1, distinct.size),
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
    forgetChunks();
    await timeTurns(warmup, withoutDigests(early).hits);
    const hits = await ask(questions);
    forgetChunks();
    const cold = await timeTurns(questions, hits);
    // The memo keeps a chunk from its second visit (its doorkeeper): seen twice, then timed.
    await timeTurns(questions, hits);
    const warm = await timeTurns(questions, hits);
    const { hits: bare, ...digests } = withoutDigests(hits);
    forgetChunks();
    const analyzed = await timeTurns(questions, bare);
    return { cold, warm, analyzed, ...digests };
  } finally {
    await store.close();
  }
}
