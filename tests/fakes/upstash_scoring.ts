/**
 * Scoring for the fake Upstash Vector server: cosine for dense vectors (reported as
 * `(1 + cos) / 2`, as the service reports COSINE scores), dot product for sparse
 * vectors with optional IDF weighting, reciprocal rank fusion for hybrid queries, and
 * the deterministic "hosted embedding model".
 *
 * @module
 */

/** A sparse vector as the REST API carries it. */
export interface Sparse {
  indices: number[];
  values: number[];
}

/** What ranking needs of a stored vector. */
export interface Scored {
  vector?: number[];
  sparseVector?: Sparse;
}

const RRF_K = 60;

/**
 * Ranks candidates for a query, best first, with scores: dense only, sparse only, or
 * both fused by RRF. `all` is the whole namespace (document frequencies for IDF).
 */
export function rank<T extends Scored>(
  candidates: T[],
  all: Iterable<Scored>,
  query: { vector?: number[]; sparseVector?: Sparse; idf: boolean },
): { v: T; s: number }[] {
  const { vector: dense, sparseVector: sparse } = query;
  const denseRanked = dense
    ? candidates.filter((v) => v.vector)
      .map((v) => ({ v, s: (1 + cosine(dense, v.vector!)) / 2 }))
      .sort((a, b) => b.s - a.s)
    : [];
  const idf = query.idf ? idfWeights(all) : null;
  const sparseRanked = sparse
    ? candidates.filter((v) => v.sparseVector)
      .map((v) => ({ v, s: sparseDot(sparse, v.sparseVector!, idf) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
    : [];
  if (!dense || !sparse) return dense ? denseRanked : sparseRanked;
  const fused = new Map<T, number>();
  for (const ranking of [denseRanked, sparseRanked]) {
    ranking.forEach(({ v }, i) => fused.set(v, (fused.get(v) ?? 0) + 1 / (RRF_K + i + 1)));
  }
  return [...fused].map(([v, s]) => ({ v, s })).sort((a, b) => b.s - a.s);
}

function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * (b[i] ?? 0);
    na += a[i] * a[i];
    nb += (b[i] ?? 0) * (b[i] ?? 0);
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function idfWeights(vectors: Iterable<Scored>): Map<number, number> {
  const df = new Map<number, number>();
  let n = 0;
  for (const v of vectors) {
    if (!v.sparseVector) continue;
    n++;
    for (const i of v.sparseVector.indices) df.set(i, (df.get(i) ?? 0) + 1);
  }
  const idf = new Map<number, number>();
  for (const [i, d] of df) idf.set(i, Math.log((n - d + 0.5) / (d + 0.5) + 1));
  return idf;
}

function sparseDot(
  q: Sparse,
  d: Sparse,
  idf: Map<number, number> | null,
): number {
  const weights = new Map(d.indices.map((i, k) => [i, d.values[k]]));
  let sum = 0;
  q.indices.forEach((i, k) => {
    const w = weights.get(i);
    if (w !== undefined) sum += q.values[k] * w * (idf ? idf.get(i) ?? 0 : 1);
  });
  return sum;
}

/** The fake's hosted "embedding model": signed feature hashing of lower-cased words. */
export function hashEmbed(text: string, dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    h >>>= 0;
    v[h % dimension] += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...v);
  return norm === 0 ? v : v.map((x) => x / norm);
}
