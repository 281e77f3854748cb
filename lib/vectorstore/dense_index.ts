/**
 * Brute-force cosine search over vectors held in one contiguous `Float32Array`.
 * Rows are L2-normalised once when loaded, so a search is one dot product per row;
 * at 50,000 × 512 that is tens of millions of multiply-adds in a tight typed-array loop.
 *
 * @module
 */

/** One row handed to {@linkcode DenseIndex.build}: the vector as stored (Float32 bytes). */
export interface DenseRow {
  key: number;
  documentId: string;
  bytes: Uint8Array;
}

/** One search result: the row key and its cosine similarity in [-1, 1]. */
export interface DenseMatch {
  key: number;
  cosine: number;
}

/** An immutable, in-memory index of normalised vectors; rebuild it after writes. */
export class DenseIndex {
  private constructor(
    readonly dimensions: number,
    private readonly vectors: Float32Array,
    private readonly keys: Float64Array,
    private readonly documentOrdinals: Uint32Array,
    private readonly documentNames: string[],
  ) {}

  /** Number of vectors held. */
  get size(): number {
    return this.keys.length;
  }

  /** Builds an index from stored rows; rows whose byte length is wrong are skipped. */
  static build(dimensions: number, rows: Iterable<DenseRow>): DenseIndex {
    const collected: DenseRow[] = [];
    const rowBytes = dimensions * 4;
    for (const row of rows) if (row.bytes.byteLength === rowBytes) collected.push(row);
    const vectors = new Float32Array(collected.length * dimensions);
    const bytes = new Uint8Array(vectors.buffer);
    const keys = new Float64Array(collected.length);
    const ordinals = new Uint32Array(collected.length);
    const names: string[] = [];
    const ordinalOf = new Map<string, number>();
    collected.forEach((row, r) => {
      bytes.set(row.bytes, r * rowBytes);
      normalise(vectors.subarray(r * dimensions, (r + 1) * dimensions));
      keys[r] = row.key;
      let ordinal = ordinalOf.get(row.documentId);
      if (ordinal === undefined) {
        ordinal = names.push(row.documentId) - 1;
        ordinalOf.set(row.documentId, ordinal);
      }
      ordinals[r] = ordinal;
    });
    return new DenseIndex(dimensions, vectors, keys, ordinals, names);
  }

  /**
   * The `k` rows most similar to `query` by cosine, best first, optionally only rows
   * of the given documents.
   */
  search(query: ArrayLike<number>, k: number, documentIds?: readonly string[]): DenseMatch[] {
    const dim = this.dimensions;
    const q = Float32Array.from(query);
    if (q.length !== dim || k <= 0) return [];
    normalise(q);
    const allowed = documentIds ? this.allowedOrdinals(documentIds) : null;
    if (allowed && !allowed.includes(1)) return [];
    const best = new TopK(k);
    const v = this.vectors;
    const n = this.keys.length;
    for (let r = 0; r < n; r++) {
      if (allowed && allowed[this.documentOrdinals[r]] === 0) continue;
      let i = r * dim;
      const end = i + dim;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      for (; i + 3 < end; i += 4, j += 4) {
        s0 += v[i] * q[j];
        s1 += v[i + 1] * q[j + 1];
        s2 += v[i + 2] * q[j + 2];
        s3 += v[i + 3] * q[j + 3];
      }
      for (; i < end; i++, j++) s0 += v[i] * q[j];
      best.offer(r, s0 + s1 + s2 + s3);
    }
    return best.sorted().map(([r, cosine]) => ({ key: this.keys[r], cosine }));
  }

  private allowedOrdinals(documentIds: readonly string[]): Uint8Array {
    const wanted = new Set(documentIds);
    const allowed = new Uint8Array(this.documentNames.length);
    this.documentNames.forEach((name, i) => allowed[i] = wanted.has(name) ? 1 : 0);
    return allowed;
  }
}

/** Keeps the `k` highest scores seen, in a sorted array (k is small). */
class TopK {
  private readonly rows: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  offer(row: number, score: number): void {
    const n = this.scores.length;
    if (n === this.k && score <= this.scores[n - 1]) return;
    let at = n;
    while (at > 0 && this.scores[at - 1] < score) at--;
    this.rows.splice(at, 0, row);
    this.scores.splice(at, 0, score);
    if (this.scores.length > this.k) {
      this.rows.pop();
      this.scores.pop();
    }
  }

  sorted(): [number, number][] {
    return this.rows.map((r, i) => [r, this.scores[i]]);
  }
}

function normalise(v: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum === 0) return;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
}

/** Float32 bytes of a vector, as stored in the `vector` BLOB column. */
export function vectorBytes(vector: readonly number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(vector).buffer);
}
