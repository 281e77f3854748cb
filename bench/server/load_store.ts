/**
 * Builds the server benchmarks' store: 50,000 synthetic lore chunks (5,000 pages of ten)
 * upserted in batches of 1,000 into a sqlite file, lexical only.
 *
 * @module
 */
import { openSqliteStore } from "../../lib/vectorstore/mod.ts";
import type { LoadStore } from "../types.ts";
import { loreGenerator } from "./synthetic_lore.ts";

/** Builds the store at `path`. */
export async function buildLoadStore(path: string, chunks = 50_000): Promise<LoadStore> {
  const generator = loreGenerator();
  const store = openSqliteStore({ path, dimensions: null });
  const started = performance.now();
  try {
    for (let i = 0; i < chunks; i += 1_000) {
      const batch = Array.from(
        { length: Math.min(1_000, chunks - i) },
        (_, k) => generator.chunk(i + k),
      );
      await store.upsert(batch);
    }
  } finally {
    await store.close();
  }
  const buildSeconds = (performance.now() - started) / 1000;
  return { path, chunks, buildSeconds, question: loadStoreQuestions(chunks) };
}

/**
 * The questions asked of a store of `chunks` built by {@linkcode buildLoadStore}: about
 * chunks spread over the whole store, in a fixed order (the generator is deterministic).
 */
export function loadStoreQuestions(chunks = 50_000): (n: number) => string {
  const generator = loreGenerator();
  const questions = Array.from({ length: 997 }, (_, n) => generator.question((n * 7_919) % chunks));
  return (n) => questions[n % questions.length];
}
