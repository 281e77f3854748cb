import assert from "node:assert/strict";
import { createInt8Kernel } from "./int8_dot.ts";

Deno.test("the int8 SIMD kernel agrees with the JavaScript loop on any row range", () => {
  const dims = 77, rows = 50;
  const simd = createInt8Kernel(rows, dims, rows);
  const plain = createInt8Kernel(rows, dims, rows, { simd: false });
  let seed = 3;
  const next = () => ((seed = (seed * 16807) % 2147483647) % 255) - 127;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dims; j++) {
      const v = next();
      simd.codes[r * simd.stride + j] = v;
      plain.codes[r * plain.stride + j] = v;
    }
  }
  const q = Int8Array.from({ length: dims }, () => next());
  q[0] = -128;
  simd.setQuery(q);
  plain.setQuery(q);
  const a = Array.from(simd.dots(7, 30).subarray(0, 30));
  const b = Array.from(plain.dots(7, 30).subarray(0, 30));
  assert.deepEqual(a, b);
  let direct = 0;
  for (let j = 0; j < dims; j++) direct += q[j] * simd.codes[7 * simd.stride + j];
  assert.equal(a[0], direct);
});
