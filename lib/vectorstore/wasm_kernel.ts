/**
 * What the two dot-product kernels (`simd_dot.ts`, `int8_dot.ts`) share: the bytes of a
 * WebAssembly module exporting one function `dots(q, p, rows, stride, out)` over an
 * imported memory, and compiling it once per process. Each kernel writes only its
 * function body.
 *
 * @module
 */

/** The value type i32 in a WebAssembly signature or local declaration. */
export const I32 = 0x7f;
/** The value type v128 (SIMD) in a local declaration. */
export const V128 = 0x7b;

/** An unsigned LEB128 encoding of `n`, as WebAssembly writes sizes and indices. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];

/**
 * A module of one function `dots` taking five i32 and returning nothing, importing
 * `env.memory`, whose code (locals included) is `body`.
 */
export function dotsModuleBytes(body: readonly number[]): Uint8Array<ArrayBuffer> {
  // deno-fmt-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name("dots"), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/**
 * Compiles `bytes` on the first call and returns the same module after; null when this
 * runtime has no WebAssembly or cannot validate the module (no SIMD, say).
 */
export function compileOnce(bytes: Uint8Array<ArrayBuffer>): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = typeof WebAssembly === "object" && WebAssembly.validate(bytes)
          ? new WebAssembly.Module(bytes)
          : null;
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}
