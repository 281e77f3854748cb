/**
 * A packed dump decoded once for its two passes. The redirect pre-scan reads the whole
 * dump before the pages are converted, so a `.bz2`, `.gz` or `.7z` dump used to be
 * decoded twice. A spool tees the first pass's decoded bytes into a file on disk; once
 * that pass has read to the end, the second reads the file instead of decoding again.
 *
 * The file is as large as the dump's XML, so it goes beside the store (on disk, where
 * the store's own writes go, not in a `/tmp` that may be memory), and is bounded: past
 * `maxBytes` or half the disk's free space, or when a write fails, it is dropped and the
 * dump decoded again, as before. `close` removes it; a spool left by a process that was
 * killed is removed by the next one.
 *
 * @example
 * ```ts ignore
 * const spool = new DumpSpool(() => bunzip2File(path, () => fileStream(path)), {
 *   directory: ".data",
 * });
 * try {
 *   for await (const _ of spool.open()) {} // the first pass: decodes and spools
 *   const second = spool.open(); // reads the spooled file
 * } finally {
 *   spool.close();
 * }
 * ```
 *
 * @module
 */
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statfsSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileStream } from "./file_stream.ts";

/** Options of {@linkcode DumpSpool}. */
export interface SpoolOptions {
  /** A directory on disk for the decoded XML: the store's data directory. */
  directory: string;
  /** Decoded bytes spooled at most (default {@linkcode SPOOL_MAX_BYTES}). */
  maxBytes?: number;
  /** Read the spool back with blocking reads (`FileStreamOptions.blocking`). */
  blockingReads?: boolean;
}

/** Bytes a spool holds at most by default: 8 GiB (a wiki of ~300,000 Wikipedia-sized pages). */
export const SPOOL_MAX_BYTES = 8 * 2 ** 30;

/** Prefix of a spool's directory, followed by the owning process's id. */
export const SPOOL_PREFIX = "lorechat-spool-";

/** A packed dump's decoded bytes, spooled by the first pass for the ones after it. */
export class DumpSpool {
  private started = false;
  private complete = false;
  private fd: number | null = null;
  private written = 0;
  private limit = 0;
  private dir: string | null = null;

  /** `decode` opens the dump's decoded bytes afresh (the packed file, decompressed). */
  constructor(
    private readonly decode: () => ReadableStream<Uint8Array>,
    private readonly options: SpoolOptions,
  ) {}

  /** Whether a pass read the spooled file rather than decoding (for tests and reports). */
  spooled = false;

  /**
   * The dump's decoded bytes: the first call decodes them (spooling as they pass), a
   * later one reads the spool once it is whole, or decodes again when it is not.
   */
  open(): ReadableStream<Uint8Array> {
    if (this.complete) {
      this.spooled = true;
      return fileStream(join(this.dir!, "dump.xml"), { blocking: this.options.blockingReads });
    }
    if (this.started) return this.decode();
    this.started = true;
    this.begin();
    return this.decode().pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          this.write(chunk);
          controller.enqueue(chunk);
        },
        flush: () => {
          if (this.fd === null) return;
          closeSync(this.fd);
          this.fd = null;
          this.complete = true;
        },
      }),
    );
  }

  /** Removes the spool (idempotent). */
  close(): void {
    this.drop();
    this.complete = false;
  }

  /** Creates the spool file; on failure there is none (the dump is decoded again). */
  private begin(): void {
    const { directory } = this.options;
    try {
      mkdirSync(directory, { recursive: true });
      removeOrphans(directory);
      const { bavail, bsize } = statfsSync(directory);
      this.limit = Math.min(this.options.maxBytes ?? SPOOL_MAX_BYTES, (bavail * bsize) / 2);
      this.dir = mkdtempSync(join(directory, `${SPOOL_PREFIX}${process.pid}-`));
      this.fd = openSync(join(this.dir, "dump.xml"), "w");
    } catch {
      this.drop();
    }
  }

  /** Appends `chunk` to the spool, dropping it when it would grow too large or fails. */
  private write(chunk: Uint8Array): void {
    if (this.fd === null) return;
    if (this.written + chunk.byteLength > this.limit) return this.drop();
    try {
      for (let at = 0; at < chunk.byteLength;) {
        at += writeSync(this.fd, chunk, at, chunk.byteLength - at);
      }
      this.written += chunk.byteLength;
    } catch {
      this.drop();
    }
  }

  private drop(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // closed already
      }
      this.fd = null;
    }
    if (this.dir !== null) {
      rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
    }
  }
}

/** A spool directory's name: the prefix, then its process's id. */
const SPOOL_NAME = new RegExp(`^${SPOOL_PREFIX}(\\d+)-`);

/** Removes spools in `directory` whose process is gone (killed before it could). */
function removeOrphans(directory: string): void {
  for (const name of readdirSync(directory)) {
    const pid = SPOOL_NAME.exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join(directory, name), { recursive: true, force: true });
  }
}

/** Whether process `pid` exists (signal 0 checks without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
