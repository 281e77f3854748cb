/**
 * Bounded gzip decompression with the web-standard `DecompressionStream`, so a small
 * hostile archive cannot expand into gigabytes.
 *
 * @module
 */

/** Default cap on decompressed size: 50 MiB. */
export const MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024;

/** Thrown when decompressed data would exceed the cap. */
export class DecompressedTooLargeError extends Error {
  override name = "DecompressedTooLargeError";
  constructor(readonly limit: number) {
    super(`decompressed data exceeds ${limit} bytes; refusing to continue (possible zip bomb)`);
  }
}

/** Whether bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips bytes, stopping with {@link DecompressedTooLargeError} once more than
 * `maxBytes` come out.
 */
export async function gunzipCapped(
  bytes: Uint8Array,
  maxBytes = MAX_DECOMPRESSED_BYTES,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new DecompressedTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
