/**
 * Byte-level helpers for formats read before they are decoded: a pattern's place in a
 * buffer, and two buffers joined (a multipart body's parts, a dump's page boundaries).
 *
 * @module
 */

/**
 * Where `needle` starts in `hay[from, to)` (the whole needle inside), or -1.
 *
 * @example
 * ```ts
 * import { indexOfBytes } from "./bytes.ts";
 * const hay = new TextEncoder().encode("a</page>b</page>");
 * const close = new TextEncoder().encode("</page>");
 * console.assert(indexOfBytes(hay, close) === 1 && indexOfBytes(hay, close, 2) === 9);
 * ```
 */
export function indexOfBytes(
  hay: Uint8Array,
  needle: Uint8Array,
  from = 0,
  to = hay.length,
): number {
  const first = needle[0];
  const last = to - needle.length;
  for (let i = hay.indexOf(first, from); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** `a` then `b` in one buffer (`b` itself when `a` is empty). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
