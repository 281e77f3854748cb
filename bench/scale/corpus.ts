/**
 * The `scale` bench's synthetic lore: chunks whose words follow Zipf's law over an
 * invented vocabulary of tens of thousands of words (as real text: a few words in most
 * chunks, most words in few), English function words in between, and questions that mix
 * a chunk's rare words with common ones. Optional 512-d vectors are clustered — each
 * page belongs to one of 1,000 topics and its chunks scatter around the topic's centre —
 * so approximate search has neighbourhoods to find and its recall means something.
 *
 * Everything is a pure function of the seed and the chunk number, so a child process
 * regenerates exactly the corpus its parent measures.
 *
 * @module
 */
import type { StoredChunk } from "../../lib/vectorstore/mod.ts";
import { loreGenerator, seededRandom } from "../server/synthetic_lore.ts";

/** Chunks per page. */
export const CHUNKS_PER_PAGE = 10;
/** Topics the vectors cluster around. */
export const TOPICS = 1_000;

const SYLLABLES = (
  "ka ra mor el dun sha vor li an gor wyn the ess ar ith ul bre ca do fen hal ir jo kes lo " +
  "mae nor ost pa qui sel tor ux ven wa yr zan bel cor dra eth fal gri hen il"
).split(" ");
const FUNCTION_WORDS = (
  "the of and a in to was is that for it with as his on by at from her which or had this " +
  "were they be are but not their one all there when who an been have more its"
).split(" ");

/** A corpus: `chunk(i)`, a question about chunk `i`, and vectors when asked for. */
export interface ScaleCorpus {
  chunk(i: number): StoredChunk;
  question(i: number): string;
  /** A query vector near chunk `i`'s (a paraphrase of it). */
  queryVector(i: number): number[];
  /** Chunk `i`'s vector alone (cheaper than `chunk(i).vector`). */
  vector(i: number): number[];
}

/** Options of {@linkcode scaleCorpus}. */
export interface ScaleCorpusOptions {
  /** `zipf` (default): the skewed vocabulary; `nouns`: the old ~100-noun worst case. */
  vocabulary?: "zipf" | "nouns";
  /** Vector length, or 0 for none. */
  dimensions?: number;
  seed?: number;
  /** Distinct words. Default 40,000. */
  words?: number;
}

/** Builds a corpus generator. */
export function scaleCorpus(options: ScaleCorpusOptions = {}): ScaleCorpus {
  const seed = options.seed ?? 11;
  const dims = options.dimensions ?? 0;
  const base = options.vocabulary === "nouns" ? nounChunks(seed) : zipfChunks(seed, options);
  const centres = dims > 0 ? topicCentres(seed, dims) : null;
  const noise = centres ? noiseTable(seed) : null;
  const vectorOf = (i: number, salt: number, spread: number) => {
    const page = Math.floor(i / CHUNKS_PER_PAGE);
    const centre = centres![page % TOPICS];
    const offset = Math.floor(seededRandom(seed * 7_777 + i * 3 + salt)() * NOISE);
    const v = new Float32Array(dims);
    for (let j = 0; j < dims; j++) v[j] = centre[j] + spread * noise![(offset + j * 7) % NOISE];
    // The store converts vectors with Float32Array.from, which takes a typed array as is.
    return v as unknown as number[];
  };
  return {
    chunk(i) {
      const c = base.chunk(i);
      return centres ? { ...c, vector: vectorOf(i, 0, 0.9) } : c;
    },
    question: base.question,
    queryVector: (i) => vectorOf(i, 1, 0.9),
    vector: (i) => vectorOf(i, 0, 0.9),
  };
}

/** Noise values a vector reads from at its own random offset (generating 512M is slow). */
const NOISE = 1 << 20;

function noiseTable(seed: number): Float32Array {
  const r = seededRandom(seed * 17);
  return Float32Array.from({ length: NOISE }, () => r() + r() + r() - 1.5);
}

function topicCentres(seed: number, dims: number): Float32Array[] {
  const r = seededRandom(seed * 13);
  return Array.from(
    { length: TOPICS },
    () => Float32Array.from({ length: dims }, () => r() * 2 - 1),
  );
}

/** The old generator (~100 nouns): every common word's list is huge — the worst case. */
function nounChunks(seed: number) {
  const g = loreGenerator(seed);
  return { chunk: g.chunk, question: g.question };
}

function zipfChunks(seed: number, options: ScaleCorpusOptions) {
  const size = options.words ?? 40_000;
  const vr = seededRandom(seed);
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < size) {
    const n = 2 + Math.floor(vr() * 3);
    let w = "";
    for (let k = 0; k < n; k++) w += SYLLABLES[Math.floor(vr() * SYLLABLES.length)];
    if (!seen.has(w)) seen.add(w), words.push(w);
  }
  // Zipf (s = 1): P(rank r) ∝ 1 / r. The cumulative weight of the first r ranks is
  // about ln(r) + γ, so a uniform draw inverts to a rank in O(1).
  const harmonic = Math.log(size) + 0.5772;
  const table = Uint32Array.from(
    { length: 1 << 16 },
    (_, k) => Math.min(size - 1, Math.floor(Math.exp(((k + 0.5) / 65536) * harmonic - 0.5772))),
  );
  const rank = (u: number) => table[(u * 65536) | 0];
  const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
  const pageName = (page: number) => {
    const r = seededRandom(seed * 31 + page);
    return `${cap(words[rank(r())])} ${cap(words[200 + Math.floor(r() * (size - 200))])}`;
  };
  const chunkWords = (i: number) => {
    const r = seededRandom(seed * 1_000_003 + i);
    const out: number[] = [];
    for (let length = 0; length < 950;) {
      const w = r() < 0.4 ? -1 - Math.floor(r() * FUNCTION_WORDS.length) : rank(r());
      out.push(w);
      length += (w < 0 ? FUNCTION_WORDS[-1 - w] : words[w]).length + 1;
    }
    return out;
  };
  return {
    chunk(i: number): StoredChunk {
      const page = Math.floor(i / CHUNKS_PER_PAGE);
      const title = pageName(page);
      const ids = chunkWords(i);
      const text = ids.map((w) => (w < 0 ? FUNCTION_WORDS[-1 - w] : words[w])).join(" ") + ".";
      const section = words[ids.find((w) => w >= 100) ?? 100];
      return {
        id: `page-${page}#${i % CHUNKS_PER_PAGE}`,
        text,
        metadata: {
          documentId: `page-${page}`,
          title,
          url: `https://lore.example/wiki/page-${page}`,
          heading: `${title} › ${cap(section)}`,
          position: i % CHUNKS_PER_PAGE,
          contentHash: `scale-${seed}-${page}`,
        },
      };
    },
    /** One or two of the chunk's rarer words with one or two common ones. */
    question(i: number): string {
      const ids = chunkWords(i).filter((w) => w >= 0);
      const r = seededRandom(seed * 97 + i);
      const rare = ids.filter((w) => w >= 2_000);
      const common = ids.filter((w) => w < 300);
      const pick = (list: number[]) => words[list[Math.floor(r() * list.length)] ?? ids[0]];
      const parts = [pick(rare.length ? rare : ids)];
      if (r() < 0.5) parts.push(pick(rare.length ? rare : ids));
      parts.push(pick(common.length ? common : ids));
      if (r() < 0.5) parts.push(pick(common.length ? common : ids));
      return `What is the ${parts.join(" ")} of the ${pageName(Math.floor(i / 10)).split(" ")[0]}?`;
    },
  };
}
