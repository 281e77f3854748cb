/**
 * A file's bytes as a stream of fresh pieces, read on demand (dumps, their spools).
 *
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";

/** Options of {@linkcode fileStream}. */
export interface FileStreamOptions {
  /**
   * Bytes per piece (default 64 kB): under malloc's mmap threshold (128 kB, fixed by an
   * ingest, `scripts/release_memory.ts`), so each piece reuses freed heap rather than a
   * new mapping the reading thread must fault in and zero (256 kB pieces cost those
   * threads ~3× the CPU, ~7 s a 100,000-page dump).
   */
  pieceBytes?: number;
  /**
   * Read each piece with a blocking read, for a thread that has nothing else to do while
   * it waits (the ingest command's). A read of a cached file then costs microseconds
   * where an asynchronous one waits on another thread and the event loop: the redirect
   * scan of the `sources` bench's 507 MB dump took 0.9 s rather than 1.6–2.6 s. A server
   * keeps the default, so its other requests are served while a file is read.
   */
  blocking?: boolean;
}

/**
 * A file's bytes as a stream, read on demand, in pieces of `options.pieceBytes`.
 *
 * @example
 * ```ts ignore
 * for await (const piece of fileStream("dump.xml", { blocking: true })) {
 *   console.log(piece.length);
 * }
 * ```
 */
export function fileStream(
  path: string,
  options: FileStreamOptions = {},
): ReadableStream<Uint8Array> {
  const pieceBytes = options.pieceBytes ?? 65_536;
  return options.blocking ? blockingStream(path, pieceBytes) : asyncStream(path, pieceBytes);
}

function asyncStream(path: string, pieceBytes: number): ReadableStream<Uint8Array> {
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

function blockingStream(path: string, pieceBytes: number): ReadableStream<Uint8Array> {
  let fd: number | null = null;
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      fd ??= openSync(path, "r");
      const piece = new Uint8Array(pieceBytes);
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, piece, 0, pieceBytes, null);
      } catch (error) {
        close();
        throw error;
      }
      if (bytesRead === 0) {
        close();
        controller.close();
      } else controller.enqueue(piece.subarray(0, bytesRead));
    },
    cancel: close,
  }, { highWaterMark: 0 });
}
