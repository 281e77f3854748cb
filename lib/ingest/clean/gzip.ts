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
 * Input is fed to the decompressor this many bytes at a time: a decompressor hands back
 * everything one input chunk expands to at once, and deflate expands at most ~1032:1, so
 * no single output chunk can exceed ~4 MiB however hostile the archive.
 */
const INPUT_SLICE_BYTES = 4 * 1024;

/**
 * Gunzips bytes, stopping with {@link DecompressedTooLargeError} once more than
 * `maxBytes` come out. Memory stays near `maxBytes` whatever the compression ratio.
 */
export async function gunzipCapped(
  bytes: Uint8Array,
  maxBytes = MAX_DECOMPRESSED_BYTES,
): Promise<Uint8Array> {
  let fed = 0;
  const slices = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (fed >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(fed, fed += INPUT_SLICE_BYTES));
    },
  }, { highWaterMark: 0 });
  const stream = slices.pipeThrough(new DecompressionStream("gzip"));
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
