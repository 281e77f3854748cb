/**
 * Streaming decompression for dumps: gzip through the web-standard
 * `DecompressionStream`, bzip2 through `unbzip2-stream` (pure JavaScript, one 900 kB
 * block at a time, so memory stays bounded whatever the file's size) or, for a file on
 * disk, an installed decoder (7-Zip, `bzip2`) about three times cheaper, and 7-Zip
 * through Debian's `7zz` (or `7z`) binary writing the archive's content to its stdout.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { delimiter, join } from "node:path";
import process from "node:process";
import unbzip2 from "unbzip2-stream";

/** How a dump file is packed, from its name. */
export type Packing = "none" | "gzip" | "bzip2" | "7z";

/** The packing of `path` by its last extension. */
export function packingOf(path: string): Packing {
  const lower = path.toLowerCase();
  if (lower.endsWith(".gz")) return "gzip";
  if (lower.endsWith(".bz2")) return "bzip2";
  if (lower.endsWith(".7z")) return "7z";
  return "none";
}

/**
 * A copy of `text` that does not keep alive the large string it was cut from. V8 may
 * represent a substring as a view of its parent, so a short title kept for the whole
 * run (an alias, a seen id) would otherwise pin a 256 kB chunk of the dump.
 */
export function detach(text: string): string {
  return text.length === 0 ? text : JSON.parse(JSON.stringify(text));
}

/**
 * Bytes decoded at a time into one string: at most 64 kB even when every character
 * takes two bytes, so V8 allocates each piece in its young generation, where the
 * reader's garbage dies cheaply, and never as a large object, which only a full
 * collection frees (pieces of 256 kB made one every few hundred pages of a dump).
 */
export const TEXT_PIECE_BYTES = 32_768;

/** UTF-8 bytes as text, decoded across chunk boundaries, in pieces of at most {@linkcode TEXT_PIECE_BYTES}. */
export function textStream(bytes: ReadableStream<Uint8Array>): ReadableStream<string> {
  const decoder = new TextDecoder();
  return bytes.pipeThrough(
    new TransformStream<Uint8Array, string>({
      transform(chunk, controller) {
        for (let at = 0; at < chunk.byteLength; at += TEXT_PIECE_BYTES) {
          const piece = chunk.subarray(at, Math.min(chunk.byteLength, at + TEXT_PIECE_BYTES));
          const text = decoder.decode(piece, { stream: true });
          if (text.length > 0) controller.enqueue(text);
        }
      },
      flush(controller) {
        const text = decoder.decode();
        if (text.length > 0) controller.enqueue(text);
      },
    }),
  );
}

/** Bytes of a gzip stream, inflated. */
export function gunzipStream(input: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return input.pipeThrough(
    new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
  );
}

interface NodeDecoder {
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end", listener: () => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  write(chunk: Uint8Array): void;
  end(): void;
  destroy?(): void;
}

/**
 * Bytes of a bzip2 stream (concatenated streams too), decompressed as they are read: one
 * input chunk is fed per pull, so at most a block or two is ever held.
 */
export function bunzip2Stream(input: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = input.getReader();
  const decoder = (unbzip2 as unknown as () => NodeDecoder)();
  let finished = false;
  let produced = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      decoder.on("data", (chunk) => {
        produced++;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      decoder.on("end", () => {
        if (!finished) controller.close();
        finished = true;
      });
      decoder.on("error", (error) => {
        if (!finished) controller.error(new Error(`bzip2: ${error.message}`));
        finished = true;
      });
    },
    async pull() {
      // A pull must produce something: feed input until a block comes out or it ends.
      const before = produced;
      while (produced === before && !finished) {
        const { done, value } = await reader.read();
        if (done) {
          decoder.end();
          break;
        }
        decoder.write(value);
      }
    },
    async cancel(reason) {
      decoder.destroy?.();
      await reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

/** Thrown when no 7-Zip binary is installed. */
export class SevenZipMissingError extends Error {
  constructor() {
    super(
      "reading .7z needs 7-Zip: install Debian's `7zip` package (apt-get install 7zip), " +
        "which provides `7zz`",
    );
    this.name = "SevenZipMissingError";
  }
}

/** Options for {@linkcode sevenZipStream}. */
export interface SevenZipOptions {
  /** Binaries to try in order. Default `["7zz", "7z"]`. */
  commands?: string[];
}

/**
 * The content of a `.7z` archive at `path` (its files concatenated; a dump holds one),
 * streamed from `7zz x -so`. Back-pressure pauses the child; cancelling kills it. A
 * missing binary fails the stream with a {@linkcode SevenZipMissingError}.
 */
export function sevenZipStream(
  path: string,
  options: SevenZipOptions = {},
): ReadableStream<Uint8Array> {
  const commands = (options.commands ?? ["7zz", "7z"]).map((c) => [c, "x", "-so", "-bd", path]);
  return commandOutput(commands, "7-Zip", () => new SevenZipMissingError());
}

/** Options for {@linkcode bunzip2File}. */
export interface Bzip2Options {
  /**
   * Decoders tried in order, each a command and its arguments before the file's path;
   * the first installed one runs. None installed (or an empty list): the built-in
   * JavaScript decoder. Default {@linkcode BZIP2_DECODERS}.
   */
  commands?: string[][];
}

/**
 * Installed bzip2 decoders, fastest first. On a Wikipedia-sized synthetic dump (127 MB
 * of XML, 25 MB packed): 7-Zip 3.7 s of CPU, `bzip2 -dc` 4.5 s, `unbzip2-stream` ~11 s.
 * 7-Zip reads concatenated streams (Wikimedia's multistream dumps) as one.
 */
export const BZIP2_DECODERS: readonly string[][] = [
  ["7zz", "x", "-so", "-bd", "-tbzip2"],
  ["7z", "x", "-so", "-bd", "-tbzip2"],
  ["bzip2", "-dc"],
];

/**
 * The bzip2 file at `path` decompressed: through the first installed decoder of
 * `options.commands`, else through {@linkcode bunzip2Stream} over `read()` (the file's
 * bytes). A decoder that fails (a truncated file) fails the stream with its message.
 */
export function bunzip2File(
  path: string,
  read: () => ReadableStream<Uint8Array>,
  options: Bzip2Options = {},
): ReadableStream<Uint8Array> {
  const found = (options.commands ?? BZIP2_DECODERS).find(([command]) => installed(command));
  if (!found) return bunzip2Stream(read());
  return commandOutput([[...found, path]], "bzip2", () => new Error("bzip2: no decoder ran"));
}

/** Whether `command` is an executable file in a directory of `PATH` (looked up once). */
function installed(command: string): boolean {
  let found = onPath.get(command);
  if (found === undefined) {
    const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
    found = dirs.some((dir) => {
      try {
        const stat = statSync(join(dir, command));
        return stat.isFile() && (stat.mode & 0o111) !== 0;
      } catch {
        return false;
      }
    });
    onPath.set(command, found);
  }
  return found;
}

const onPath = new Map<string, boolean>();

/**
 * The stdout of the first of `commands` (each a program and its arguments) that can be
 * started, as a stream; back-pressure pauses the child and cancelling kills it. When
 * none is installed the stream fails with `none()`; a non-zero exit fails it with
 * the error lines of the child's stderr, under `name`.
 */
function commandOutput(
  commands: string[][],
  name: string,
  none: () => Error,
): ReadableStream<Uint8Array> {
  const queue = [...commands];
  let child: ReturnType<typeof spawn> | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const attempt = () => {
        const argv = queue.shift();
        if (!argv) return controller.error(none());
        const proc = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
        child = proc;
        let stderr = "";
        let started = false;
        let missing = false;
        proc.on("error", (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT" && !started) {
            missing = true;
            attempt();
          } else controller.error(error);
        });
        proc.stdout!.on("data", (chunk: Uint8Array) => {
          started = true;
          controller.enqueue(new Uint8Array(chunk));
          if ((controller.desiredSize ?? 1) <= 0) proc.stdout!.pause();
        });
        proc.stderr!.on("data", (chunk: Uint8Array) => {
          stderr = (stderr + new TextDecoder().decode(chunk)).slice(-2000);
        });
        proc.on("close", (code: number | null) => {
          if (missing) return;
          if (code === 0) return controller.close();
          const reason = stderr.split("\n").filter((l) => /error|cannot|unexpected/i.test(l));
          const who = argv[0] === name ? name : `${name} (${argv[0]})`;
          controller.error(
            new Error(`${who} exited with ${code}: ${(reason.join(" ") || stderr).trim()}`),
          );
        });
      };
      attempt();
    },
    pull() {
      child?.stdout?.resume();
    },
    cancel() {
      child?.kill();
    },
  }, { highWaterMark: 8 });
}
