import assert from "node:assert/strict";
import { createDotKernel, strideFor } from "./simd_dot.ts";

Deno.test("the SIMD kernel computes every row's dot product", async (t) => {
  for (const dims of [1, 3, 8, 13, 512]) {
    await t.step(`${dims} dimensions`, () => {
      const rows = 37;
      const kernel = createDotKernel(rows, dims);
      assert.ok(kernel, "WebAssembly SIMD is available here");
      assert.equal(kernel.stride, strideFor(dims));
      assert.equal(kernel.stride % 8, 0);
      const data = Array.from(
        { length: rows },
        (_, r) => Array.from({ length: dims }, (_, j) => Math.sin(r * 31 + j)),
      );
      data.forEach((row, r) => kernel.vectors.set(row, r * kernel.stride));
      const query = Float32Array.from({ length: dims }, (_, j) => Math.cos(j));
      const got = kernel.dots(query);
      assert.equal(got.length, rows);
      data.forEach((row, r) => {
        const want = row.reduce((s, x, j) => s + Math.fround(x) * query[j], 0);
        assert.ok(Math.abs(got[r] - want) < 1e-4, `row ${r}: ${got[r]} vs ${want}`);
      });
    });
  }
  await t.step("no rows", () => {
    assert.deepEqual([...createDotKernel(0, 4)!.dots(new Float32Array(4))], []);
  });
});
