/**
 * Deterministic "embeddings" for the loopback fakes: the same text always gives the same
 * vector, different texts give different ones, and the length is whatever was asked for.
 *
 * @module
 */

/** FNV-1a over the UTF-16 code units of `text`: a stable 32-bit seed. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A vector of `dimensions` numbers in [-1, 1) derived from `text` (mulberry32 seeded by
 * a hash of the text), scaled by `scale`. Not normalised unless `normalize` is set.
 */
export function fakeVector(
  text: string,
  dimensions: number,
  options: { normalize?: boolean; scale?: number } = {},
): number[] {
  let state = seedOf(text);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const scale = options.scale ?? 1;
  const vector = Array.from({ length: dimensions }, () => (next() * 2 - 1) * scale);
  if (!options.normalize) return vector;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}
