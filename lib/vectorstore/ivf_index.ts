/**
 * Approximate nearest neighbours for large stores: an inverted-file (IVF) index over
 * int8-quantised vectors. Vectors are grouped by their nearest of ~√N centroids (a
 * two-level spherical k-means, so assigning a million vectors costs ~2√L dot products
 * each rather than L); a query scores the centroids, then only the vectors of the
 * `probes` nearest lists, sixteen int8 lanes at a time (`int8_dot.ts`). Each vector is
 * L2-normalised and scaled so its largest component is ±127: a quarter of Float32's
 * memory (512 MB for 1M × 512), and cosine estimated from the int8 dot product.
 *
 * Built from the store's rows in three streaming passes (sample, assign, fill), so the
 * float vectors are never all in memory.
 *
 * @module
 */
import type { DenseMatch, DenseRow } from "./dense_index.ts";
import { createInt8Kernel, type Int8Kernel } from "./int8_dot.ts";
import { TopK } from "./postings_search.ts";
import { createDotKernel } from "./simd_dot.ts";

/** Tuning of {@linkcode IvfIndex.build}. */
export interface IvfOptions {
  /** Number of lists; default ≈ √N (at most 4,096). */
  lists?: number;
  /** Lists a query visits; default max(8, lists / 64). */
  probes?: number;
  /** Vectors sampled to train the centroids; default 40 per list, at most 50,000. */
  sample?: number;
  /** k-means rounds per level. Default 8. */
  rounds?: number;
  /** Seed of the sampling. */
  seed?: number;
}

/** The arrays an IVF index is made of (what `ivf_file.ts` saves and loads). */
export interface IvfParts {
  dimensions: number;
  /** Unit centroids, `lists × dimensions` floats. */
  centroids: Float32Array;
  /** Rows of list l are `[listStart[l], listStart[l + 1])`. */
  listStart: Uint32Array;
  /** The int8 rows, in list order. */
  kernel: Int8Kernel;
  /** Row key (chunk seq) per row. */
  keys: Float64Array;
  /** Quantisation scale per row. */
  scales: Float32Array;
  /** Document ordinal (into `names`) per row. */
  ordinals: Uint32Array;
  names: string[];
  /** Lists each query visits. */
  probes: number;
}

/** An immutable IVF index; rebuild it after writes. */
export class IvfIndex {
  private readonly centroids: { dots(q: Float32Array): Float32Array };
  private readonly listStart: Uint32Array;
  private readonly kernel: Int8Kernel;
  private readonly keys: Float64Array;
  private readonly scales: Float32Array;
  private readonly ordinals: Uint32Array;
  private readonly names: string[];
  readonly dimensions: number;
  /** Lists each query visits. */
  public probes: number;

  private constructor(private readonly parts: IvfParts) {
    this.dimensions = parts.dimensions;
    const lists = parts.listStart.length - 1;
    const rows = Array.from(
      { length: lists },
      (_, l) => parts.centroids.subarray(l * parts.dimensions, (l + 1) * parts.dimensions),
    );
    this.centroids = centroidKernel(parts.dimensions, rows);
    this.listStart = parts.listStart;
    this.kernel = parts.kernel;
    this.keys = parts.keys;
    this.scales = parts.scales;
    this.ordinals = parts.ordinals;
    this.names = parts.names;
    this.probes = Math.max(1, Math.min(parts.probes, lists));
  }

  /** An index from saved arrays (see `ivf_file.ts`); they are used as they are. */
  static fromParts(parts: IvfParts): IvfIndex {
    return new IvfIndex(parts);
  }

  /** The arrays this index is made of (not copies; do not change them). */
  toParts(): IvfParts {
    return { ...this.parts, probes: this.probes };
  }

  /** Number of vectors held. */
  get size(): number {
    return this.keys.length;
  }

  /** Number of lists. */
  get lists(): number {
    return this.listStart.length - 1;
  }

  /**
   * Builds the index; `rows()` must yield the same rows in the same order each time it
   * is called (it is called three times). Rows of the wrong byte length are skipped.
   */
  static build(dimensions: number, rows: () => Iterable<DenseRow>, options: IvfOptions = {}) {
    const rowBytes = dimensions * 4;
    const { count, sample } = sampleRows(dimensions, rows(), options);
    const lists = Math.max(1, Math.min(options.lists ?? Math.round(Math.sqrt(count)), 4096));
    const quantizer = trainQuantizer(dimensions, sample, lists, options.rounds ?? 8);
    const assigned = new Uint32Array(count);
    const sizes = new Uint32Array(quantizer.lists + 1);
    let n = 0;
    const v = new Float32Array(dimensions);
    for (const row of rows()) {
      if (row.bytes.byteLength !== rowBytes || n >= count) continue;
      readNormalised(row.bytes, v);
      const list = quantizer.assign(v);
      assigned[n++] = list;
      sizes[list + 1]++;
    }
    for (let i = 1; i < sizes.length; i++) sizes[i] += sizes[i - 1];
    const listStart = sizes;
    let longest = 0;
    for (let l = 0; l < quantizer.lists; l++) {
      longest = Math.max(longest, listStart[l + 1] - listStart[l]);
    }
    const kernel = createInt8Kernel(n, dimensions, Math.max(1, longest));
    const keys = new Float64Array(n), scales = new Float32Array(n), ordinals = new Uint32Array(n);
    const names: string[] = [];
    const ordinalOf = new Map<string, number>();
    const fill = listStart.slice(0, quantizer.lists);
    const code = new Int8Array(dimensions);
    let i = 0;
    for (const row of rows()) {
      if (row.bytes.byteLength !== rowBytes || i >= n) continue;
      readNormalised(row.bytes, v);
      const at = fill[assigned[i++]]++;
      scales[at] = quantize(v, code);
      kernel.codes.set(code, at * kernel.stride);
      keys[at] = row.key;
      let ordinal = ordinalOf.get(row.documentId);
      if (ordinal === undefined) {
        ordinalOf.set(row.documentId, ordinal = names.push(row.documentId) - 1);
      }
      ordinals[at] = ordinal;
    }
    const probes = options.probes ?? Math.max(8, Math.ceil(quantizer.lists / 64));
    const centroids = new Float32Array(quantizer.lists * dimensions);
    quantizer.centroids.forEach((c, l) => centroids.set(c, l * dimensions));
    return new IvfIndex({
      dimensions,
      centroids,
      listStart,
      kernel,
      keys,
      scales,
      ordinals,
      names,
      probes,
    });
  }

  /** The `k` rows most similar to `query` (estimated cosine), best first. */
  search(query: ArrayLike<number>, k: number, documentIds?: readonly string[]): DenseMatch[] {
    if (query.length !== this.dimensions || k <= 0 || this.size === 0) return [];
    const q = Float32Array.from(query);
    normalise(q);
    let allowed: Uint8Array | null = null;
    if (documentIds) {
      const wanted = new Set(documentIds);
      allowed = Uint8Array.from(this.names, (name) => (wanted.has(name) ? 1 : 0));
      if (!allowed.includes(1)) return [];
    }
    const scores = this.centroids.dots(q);
    const lists = this.lists;
    // A filter can leave the nearest lists empty of allowed rows: visit them all.
    const probes = allowed ? lists : this.probes;
    const order = Array.from({ length: lists }, (_, l) => l)
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, probes);
    const code = new Int8Array(this.dimensions);
    const qScale = quantize(q, code);
    this.kernel.setQuery(code);
    const top = new TopK(k);
    for (const list of order) {
      const from = this.listStart[list];
      const count = this.listStart[list + 1] - from;
      const dots = this.kernel.dots(from, count);
      for (let r = 0; r < count; r++) {
        const row = from + r;
        if (allowed && allowed[this.ordinals[row]] === 0) continue;
        top.offer(row, dots[r] / (qScale * this.scales[row]));
      }
    }
    return top.sorted().map(({ key, score }) => ({ key: this.keys[key], cosine: score }));
  }
}

/** Counts the usable rows and keeps a uniform sample of them (reservoir sampling). */
function sampleRows(dimensions: number, rows: Iterable<DenseRow>, options: IvfOptions) {
  const rowBytes = dimensions * 4;
  const wanted = options.sample ?? 50_000;
  const sample: Float32Array[] = [];
  let seed = options.seed ?? 1;
  const random = () => ((seed = Math.imul(seed, 48271) % 0x7fffffff) & 0x7fffffff) / 0x7fffffff;
  let count = 0;
  for (const row of rows) {
    if (row.bytes.byteLength !== rowBytes) continue;
    count++;
    const slot = sample.length < wanted ? sample.length : Math.floor(random() * count);
    if (slot < wanted) {
      const v = new Float32Array(dimensions);
      readNormalised(row.bytes, v);
      sample[slot] = v;
    }
  }
  return { count, sample };
}

/** Two-level centroids: `coarse` cells, each split into fine lists. */
function trainQuantizer(dimensions: number, sample: Float32Array[], lists: number, rounds: number) {
  const coarseCount = Math.max(1, Math.min(sample.length, Math.round(Math.sqrt(lists))));
  const fineCount = Math.max(1, Math.ceil(lists / coarseCount));
  const coarse = kMeans(dimensions, sample, coarseCount, rounds);
  const members: Float32Array[][] = Array.from({ length: coarse.length }, () => []);
  const coarseKernel = centroidKernel(dimensions, coarse);
  for (const v of sample) members[argmax(coarseKernel.dots(v), coarse.length)].push(v);
  const fine = members.map((m) => kMeans(dimensions, m, Math.min(fineCount, m.length), rounds));
  const firstList: number[] = [];
  const all: Float32Array[] = [];
  for (const f of fine) {
    firstList.push(all.length);
    all.push(...f);
  }
  const fineKernels = fine.map((f) => centroidKernel(dimensions, f));
  return {
    lists: all.length,
    centroids: all,
    assign(v: Float32Array): number {
      const c = argmax(coarseKernel.dots(v), coarse.length);
      const f = fine[c].length === 0 ? 0 : argmax(fineKernels[c].dots(v), fine[c].length);
      return Math.min(firstList[c] + f, all.length - 1);
    },
  };
}

/** Spherical k-means: centroids are unit vectors, members join the highest dot product. */
function kMeans(dimensions: number, points: Float32Array[], k: number, rounds: number) {
  if (k <= 0 || points.length === 0) return [];
  const step = points.length / k;
  let centroids = Array.from({ length: k }, (_, i) => points[Math.floor(i * step)].slice());
  for (let round = 0; round < rounds; round++) {
    const kernel = centroidKernel(dimensions, centroids);
    const sums = Array.from({ length: k }, () => new Float64Array(dimensions));
    const counts = new Uint32Array(k);
    for (const p of points) {
      const c = argmax(kernel.dots(p), k);
      counts[c]++;
      const sum = sums[c];
      for (let j = 0; j < dimensions; j++) sum[j] += p[j];
    }
    centroids = centroids.map((old, c) => {
      if (counts[c] === 0) return old;
      const next = Float32Array.from(sums[c]);
      normalise(next);
      return next;
    });
  }
  return centroids;
}

function centroidKernel(dimensions: number, centroids: Float32Array[]) {
  const n = Math.max(1, centroids.length);
  const kernel = createDotKernel(n, dimensions);
  if (kernel) {
    centroids.forEach((c, i) => kernel.vectors.set(c, i * kernel.stride));
    return kernel;
  }
  const out = new Float32Array(n);
  return {
    dots(q: Float32Array): Float32Array {
      centroids.forEach((c, i) => {
        let s = 0;
        for (let j = 0; j < dimensions; j++) s += c[j] * q[j];
        out[i] = s;
      });
      return out;
    },
  };
}

function argmax(scores: Float32Array, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (scores[i] > scores[best]) best = i;
  return best;
}

function readNormalised(bytes: Uint8Array, out: Float32Array): void {
  if (bytes.byteOffset % 4 === 0) {
    out.set(new Float32Array(bytes.buffer, bytes.byteOffset, out.length));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let j = 0; j < out.length; j++) out[j] = view.getFloat32(j * 4, true);
  }
  normalise(out);
}

function normalise(v: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum === 0) return;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
}

/** Writes `v` as int8 scaled so its largest component is ±127; returns the scale. */
function quantize(v: Float32Array, out: Int8Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]));
  const scale = max === 0 ? 1 : 127 / max;
  for (let i = 0; i < v.length; i++) out[i] = Math.round(v[i] * scale);
  return scale;
}
