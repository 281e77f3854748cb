/**
 * A WebAssembly SIMD kernel for int8 dot products: one quantised query against a run of
 * quantised rows, sixteen lanes at a time (`i16x8.extmul` then pairwise adds into i32),
 * assembled here from its opcodes like `simd_dot.ts`. Where WebAssembly SIMD is missing,
 * {@linkcode createInt8Kernel} falls back to a plain loop with the same results.
 *
 * @module
 */

import { compileOnce, dotsModuleBytes, I32, V128 } from "./wasm_kernel.ts";

/** Int8 rows in one linear memory, scored against a query a range at a time. */
export interface Int8Kernel {
  /** Bytes per row: the dimension rounded up to a multiple of 32. */
  readonly stride: number;
  /** Row storage (`rows × stride`), zero padded. */
  readonly codes: Int8Array;
  /** Writes the query (length ≤ stride) used by the next {@linkcode dots} calls. */
  setQuery(query: Int8Array): void;
  /** Dot products of the query with rows [from, from + count), into `out[0..count)`. */
  dots(from: number, count: number): Int32Array;
}

/** Bytes per row for a dimension: rounded up to a multiple of 32. */
export function int8StrideFor(dimensions: number): number {
  return Math.ceil(dimensions / 32) * 32;
}

const simd = (...code: number[]) => [0xfd, ...code];
const load = (offset: number) => [...simd(0x00), 4, offset];
const [Q, P, ROWS, STRIDE, OUT, R, J, ACC, A, BV] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const EXTMUL_LOW = simd(0x9c, 0x01);
const EXTMUL_HIGH = simd(0x9d, 0x01);
const PAIRWISE = simd(0x7e);
const ADD = simd(0xae, 0x01);
const lane = (i: number) => [...simd(0x1b), i];
// deno-fmt-ignore
const step = (offset: number) => [
  0x20, P, 0x20, J, 0x6a, ...load(offset), 0x21, A,
  0x20, Q, 0x20, J, 0x6a, ...load(offset), 0x21, BV,
  0x20, ACC, 0x20, A, 0x20, BV, ...EXTMUL_LOW, ...PAIRWISE, ...ADD,
  0x20, A, 0x20, BV, ...EXTMUL_HIGH, ...PAIRWISE, ...ADD, 0x21, ACC,
];
// deno-fmt-ignore
const body = [
  2, 2, I32, 3, V128,
  0x02, 0x40, 0x03, 0x40,
  0x20, R, 0x20, ROWS, 0x4f, 0x0d, 1,
  ...simd(0x0c, ...new Array(16).fill(0)), 0x21, ACC,
  0x41, 0, 0x21, J,
  0x03, 0x40,
  ...step(0), ...step(16),
  0x20, J, 0x41, 32, 0x6a, 0x22, J, 0x20, STRIDE, 0x49, 0x0d, 0,
  0x0b,
  0x20, OUT, 0x20, R, 0x41, 2, 0x74, 0x6a,
  0x20, ACC, ...lane(0), 0x20, ACC, ...lane(1), 0x6a,
  0x20, ACC, ...lane(2), 0x6a, 0x20, ACC, ...lane(3), 0x6a,
  0x36, 2, 0,
  0x20, P, 0x20, STRIDE, 0x6a, 0x21, P,
  0x20, R, 0x41, 1, 0x6a, 0x21, R,
  0x0c, 0,
  0x0b, 0x0b, 0x0b,
];

const kernelModule = compileOnce(dotsModuleBytes(body));

/**
 * A kernel with room for `rows` rows of `dimensions` int8 values and an output of up
 * to `maxRun` scores per call. `simd: false` forces the JavaScript loop.
 */
export function createInt8Kernel(
  rows: number,
  dimensions: number,
  maxRun: number,
  options: { simd?: boolean } = {},
): Int8Kernel {
  const stride = int8StrideFor(dimensions);
  const module = options.simd === false ? null : kernelModule();
  const outBytes = Math.ceil((maxRun * 4) / 16) * 16;
  if (!module) return javascriptKernel(rows, stride, maxRun);
  const total = stride + outBytes + rows * stride;
  const pages = Math.max(1, Math.ceil(total / 65536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const run = instance.exports.dots as (...args: number[]) => void;
  const query = new Int8Array(memory.buffer, 0, stride);
  const out = new Int32Array(memory.buffer, stride, maxRun);
  const codesAt = stride + outBytes;
  return {
    stride,
    codes: new Int8Array(memory.buffer, codesAt, rows * stride),
    setQuery(q) {
      query.fill(0);
      query.set(q.subarray(0, stride));
    },
    dots(from, count) {
      if (count > 0) run(0, codesAt + from * stride, count, stride, stride);
      return out;
    },
  };
}

function javascriptKernel(rows: number, stride: number, maxRun: number): Int8Kernel {
  const codes = new Int8Array(rows * stride);
  const query = new Int8Array(stride);
  const out = new Int32Array(maxRun);
  return {
    stride,
    codes,
    setQuery(q) {
      query.fill(0);
      query.set(q.subarray(0, stride));
    },
    dots(from, count) {
      for (let r = 0; r < count; r++) {
        let s = 0;
        const o = (from + r) * stride;
        for (let j = 0; j < stride; j++) s += codes[o + j] * query[j];
        out[r] = s;
      }
      return out;
    },
  };
}
