/**
 * A WebAssembly SIMD kernel computing one query's dot product with every stored row,
 * four lanes at a time. It is a few hundred bytes, assembled here from its opcodes so
 * no build step or binary file is needed; where WebAssembly SIMD is unavailable,
 * {@linkcode createDotKernel} returns null and the caller uses plain JavaScript.
 *
 * Rows are laid out with a stride padded to a multiple of 8 floats (zeros in the
 * padding) so the loop needs no tail handling.
 *
 * @module
 */

import { compileOnce, dotsModuleBytes, I32, uleb, V128 } from "./wasm_kernel.ts";

/** Rows of `stride` floats in WebAssembly memory, scored against a query in one call. */
export interface DotKernel {
  /** Row storage: `rows × stride` floats; write (normalised) rows here. */
  readonly vectors: Float32Array;
  /** Floats per row: the dimension rounded up to a multiple of 8. */
  readonly stride: number;
  /** Dot products of `query` (length ≤ stride) with every row, one float per row. */
  dots(query: Float32Array): Float32Array;
}

/** Floats per row for a dimension: rounded up to a multiple of 8. */
export function strideFor(dimensions: number): number {
  return Math.ceil(dimensions / 8) * 8;
}

const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  f32Store: 0x38,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Shl: 0x74,
  f32Add: 0x92,
} as const;
const simd = (code: number) => [0xfd, ...uleb(code)];
const v128Load = (offset: number) => [...simd(0x00), 2, ...uleb(offset)];
const v128Zero = [...simd(0x0c), ...new Array(16).fill(0)];
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
const lane = (i: number) => [...simd(0x1f), i];

// dots(q, p, rows, strideBytes, out): locals r, j (i32), acc, acc2 (v128).
const [Q, P, ROWS, STRIDE, OUT, R, J, ACC, ACC2] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// deno-fmt-ignore
const multiplyAdd = (acc: number, offset: number) => [
  op.get, acc,
  op.get, P, op.get, J, op.i32Add, ...v128Load(offset),
  op.get, Q, op.get, J, op.i32Add, ...v128Load(offset),
  ...f32x4Mul, ...f32x4Add, op.set, acc,
];
// deno-fmt-ignore
const body = [
  2, 2, I32, 2, V128, // locals
  op.block, 0x40,
  op.loop, 0x40,
  op.get, R, op.get, ROWS, op.i32GeU, op.brIf, 1,
  ...v128Zero, op.set, ACC, ...v128Zero, op.set, ACC2,
  op.i32Const, 0, op.set, J,
  op.loop, 0x40,
  ...multiplyAdd(ACC, 0), ...multiplyAdd(ACC2, 16),
  op.get, J, op.i32Const, 32, op.i32Add, op.tee, J, op.get, STRIDE, op.i32LtU, op.brIf, 0,
  op.end,
  op.get, OUT, op.get, R, op.i32Const, 2, op.i32Shl, op.i32Add,
  op.get, ACC, op.get, ACC2, ...f32x4Add, op.tee, ACC, ...lane(0),
  op.get, ACC, ...lane(1), op.f32Add,
  op.get, ACC, ...lane(2), op.f32Add,
  op.get, ACC, ...lane(3), op.f32Add,
  op.f32Store, 2, 0,
  op.get, P, op.get, STRIDE, op.i32Add, op.set, P,
  op.get, R, op.i32Const, 1, op.i32Add, op.set, R,
  op.br, 0,
  op.end,
  op.end,
  op.end,
];

const kernelModule = compileOnce(dotsModuleBytes(body));

/** A kernel with room for `rows` rows of `dimensions`, or null without WebAssembly SIMD. */
export function createDotKernel(rows: number, dimensions: number): DotKernel | null {
  const module = kernelModule();
  if (!module) return null;
  const stride = strideFor(dimensions);
  // Layout (bytes): query [0, stride*4), scores, then rows from a 16-byte boundary.
  const queryBytes = stride * 4;
  const outBytes = Math.ceil((rows * 4) / 16) * 16;
  const total = queryBytes + outBytes + rows * stride * 4;
  const pages = Math.max(1, Math.ceil(total / 65536));
  if (pages > 65536) return null;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const run = instance.exports.dots as (...args: number[]) => void;
  const query = new Float32Array(memory.buffer, 0, stride);
  const out = new Float32Array(memory.buffer, queryBytes, rows);
  const vectors = new Float32Array(memory.buffer, queryBytes + outBytes, rows * stride);
  return {
    vectors,
    stride,
    dots(q: Float32Array): Float32Array {
      query.fill(0);
      query.set(q.subarray(0, stride));
      if (rows > 0) run(0, queryBytes + outBytes, rows, stride * 4, queryBytes);
      return out;
    },
  };
}
