/**
 * Dumps on disk or in memory: which names are dumps, and their documents streamed from
 * a path (read in 64 kB pieces, decompressed on the fly) or from bytes already held.
 *
 * @module
 */
import { mkdtemp, open, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { SourceEntry } from "../ingest/source_document.ts";
import {
  bunzip2File,
  bunzip2Stream,
  type Bzip2Options,
  gunzipStream,
  type Packing,
  packingOf,
  type SevenZipOptions,
  sevenZipStream,
} from "./decompress.ts";
import { documentsFromDump, type DumpOptions } from "./mediawiki_dump.ts";
import { fileStream } from "./file_stream.ts";

export { fileStream };
export type { DumpReading } from "./mediawiki_dump.ts";

const DUMP_NAME = /\.xml(?:\.(?:gz|bz2|7z))?$|\.7z$/i;

/** Whether `path` names a MediaWiki dump: `.xml`, `.xml.gz`, `.xml.bz2`, `.xml.7z`, `.7z`. */
export function isDumpPath(path: string): boolean {
  return DUMP_NAME.test(path);
}

/** `bytes` decompressed according to `packing` (7z is handled by the callers). */
export function unpack(
  bytes: ReadableStream<Uint8Array>,
  packing: Packing,
): ReadableStream<Uint8Array> {
  if (packing === "gzip") return gunzipStream(bytes);
  if (packing === "bzip2") return bunzip2Stream(bytes);
  return bytes;
}

/** Options for reading a dump file. */
export interface DumpFileOptions extends Omit<DumpOptions, "source"> {
  /** Name for messages and base-less ids. Default: the path. */
  source?: string;
  sevenZip?: SevenZipOptions;
  /** How a `.bz2` file is decoded (an installed decoder when there is one). */
  bzip2?: Bzip2Options;
  /**
   * Read the file, and a packed dump's spool, with blocking reads
   * (`FileStreamOptions.blocking`): for a process with nothing else to serve while it
   * waits, as `deno task ingest`.
   */
  blockingReads?: boolean;
}

/**
 * The documents of the dump at `path`, streamed: the file is read twice (a light
 * redirect scan, then the pages), never held whole. A packed dump given a `spool` is
 * decoded once, its XML kept on disk for the second pass (`dump_spool.ts`).
 *
 * @example
 * ```ts ignore
 * for await (const entry of documentsFromDumpFile("pages_current.xml.7z")) {
 *   console.log(entry.id);
 * }
 * ```
 */
export async function* documentsFromDumpFile(
  path: string,
  options: DumpFileOptions = {},
): AsyncGenerator<SourceEntry> {
  const packing = packingOf(path);
  const read = () => fileStream(path, { blocking: options.blockingReads });
  const decode = packing === "7z"
    ? () => sevenZipStream(path, options.sevenZip)
    : packing === "bzip2"
    ? () => bunzip2File(path, read, options.bzip2)
    : () => unpack(read(), packing);
  yield* documentsFromDump(decode, {
    ...options,
    source: options.source ?? path,
    reopen: true,
    // A plain file is on disk already: nothing to spool, and its size is known.
    ...(packing === "none"
      ? { spool: undefined, ...(options.reading ? { size: (await stat(path)).size } : {}) }
      : options.spool
      ? { spool: { blockingReads: options.blockingReads, ...options.spool } }
      : {}),
  });
}

/**
 * The documents of a dump arriving as a stream (an S3 `GetObject` body, an upload),
 * `name` telling its packing. Give a function that opens the stream afresh to let
 * redirects anywhere in the dump become aliases (two passes); a single stream is read
 * once (then only redirects before their target do). With a `spool`, the two passes
 * open the stream once, the second reading the decoded bytes the first kept on disk. A
 * `.7z` stream is spooled to a temporary file for 7-Zip, which needs to seek, and the
 * file removed afterwards.
 */
export async function* documentsFromDumpStream(
  name: string,
  input: ReadableStream<Uint8Array> | (() => ReadableStream<Uint8Array>),
  options: DumpFileOptions = {},
): AsyncGenerator<SourceEntry> {
  const packing = packingOf(name);
  const source = options.source ?? name;
  if (packing !== "7z") {
    const reopen = typeof input === "function";
    const openDump = reopen ? () => unpack(input(), packing) : () => unpack(input, packing);
    // With a spool, the stream read twice is fetched once.
    yield* documentsFromDump(openDump, { ...options, source, reopen });
    return;
  }
  const dir = await mkdtemp(`${tmpdir()}/lorechat-7z-`);
  try {
    const path = `${dir}/dump.7z`;
    const file = await open(path, "w");
    try {
      for await (const piece of typeof input === "function" ? input() : input) {
        await file.write(piece);
      }
    } finally {
      await file.close();
    }
    yield* documentsFromDumpFile(path, { ...options, source });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The documents of a dump held in memory (an upload, an S3 object), `name` telling its
 * packing. A `.7z` is written to a temporary file for 7-Zip and removed afterwards.
 */
export async function* documentsFromDumpBytes(
  name: string,
  bytes: Uint8Array,
  options: DumpFileOptions = {},
): AsyncGenerator<SourceEntry> {
  const packing = packingOf(name);
  if (packing !== "7z") {
    const openDump = () => unpack(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), packing);
    yield* documentsFromDump(openDump, {
      ...options,
      source: options.source ?? name,
      reopen: true,
    });
    return;
  }
  const dir = await mkdtemp(`${tmpdir()}/lorechat-7z-`);
  try {
    const path = `${dir}/dump.7z`;
    await writeFile(path, bytes);
    yield* documentsFromDumpFile(path, { ...options, source: options.source ?? name });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
