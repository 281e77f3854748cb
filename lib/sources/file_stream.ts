/**
 * A file's bytes as a stream of fresh pieces, read on demand (dumps, their spools).
 *
 * @module
 */
import { open } from "node:fs/promises";

/**
 * A file's bytes as a stream, read on demand, in pieces of 64 kB by default: under
 * malloc's mmap threshold (128 kB, fixed by an ingest, `scripts/release_memory.ts`), so
 * each piece reuses freed heap rather than a new mapping the reading thread must fault
 * in and zero (256 kB pieces cost those threads ~3× the CPU, ~7 s a 100,000-page dump).
 */
export function fileStream(path: string, pieceBytes = 65_536): ReadableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      handle ??= await open(path, "r");
      const piece = new Uint8Array(pieceBytes);
      const { bytesRead } = await handle.read(piece, 0, pieceBytes, null);
      if (bytesRead === 0) {
        await handle.close();
        handle = null;
        controller.close();
      } else controller.enqueue(piece.subarray(0, bytesRead));
    },
    async cancel() {
      await handle?.close();
      handle = null;
    },
  }, { highWaterMark: 0 });
}
