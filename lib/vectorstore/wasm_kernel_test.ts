import assert from "node:assert/strict";
import { compileOnce, dotsModuleBytes, I32, uleb } from "./wasm_kernel.ts";
import { createInt8Kernel } from "./int8_dot.ts";

Deno.test("uleb writes sizes as WebAssembly reads them", () => {
  assert.deepEqual(uleb(0), [0]);
  assert.deepEqual(uleb(127), [127]);
  assert.deepEqual(uleb(128), [0x80, 1]);
  assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
});

Deno.test("a dots module compiles once, exports dots, and a broken body gives null", () => {
  // No locals; the body returns at once.
  const empty = compileOnce(dotsModuleBytes([0, 0x0b]));
  const module = empty();
  assert.ok(module);
  assert.equal(empty(), module, "the same module on the second call");
  assert.deepEqual(WebAssembly.Module.exports(module), [{ name: "dots", kind: "function" }]);
  // An i32 left on the stack of a function returning nothing does not validate.
  assert.equal(compileOnce(dotsModuleBytes([0, 0x41, 1, 0x0b]))(), null);
  assert.equal(I32, 0x7f);
});

Deno.test("the int8 kernel runs in WebAssembly here, not the fallback loop", () => {
  const kernel = createInt8Kernel(4, 32, 4);
  // Only the WebAssembly kernel keeps its rows in a WebAssembly memory's buffer,
  // which is a non-resizable ArrayBuffer sized in 64 KiB pages.
  assert.equal(kernel.codes.buffer.byteLength % 65536, 0);
});
