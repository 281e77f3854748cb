/**
 * Receiving uploaded files: the multipart body streamed to disk part by part, each
 * file's kind sniffed from its first bytes (415 for anything LoreChat cannot read),
 * the whole upload capped at `maxBytes` (413), and file names reduced to a safe base
 * name inside the job's folder (no path traversal, no hidden files).
 *
 * @module
 */
import type { JobFile } from "./job_store.ts";
import { dispositionOf, multipartBoundary, MultipartError, readMultipart } from "./multipart.ts";
import { SNIFF_BYTES, sniffKind } from "./sniff.ts";

/** Why an upload was refused; `status` is the HTTP answer. */
export class UploadError extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly code: string, message: string) {
    super(message);
    this.name = "UploadError";
  }
}

/**
 * A file name reduced to a safe base name: no folders, no leading dots, only
 * letters, digits, `.`, `_`, `-` and spaces turned into `-`; at most 100 characters.
 *
 * @example
 * ```ts
 * import { safeFileName } from "./upload.ts";
 * console.assert(safeFileName("../../etc/passwd") === "passwd");
 * ```
 */
export function safeFileName(name: string): string {
  const base = name.replace(/\\/g, "/").split("/").pop() ?? "";
  const clean = base.normalize("NFKC").replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/^[.-]+/, "").replace(/-+/g, "-").slice(0, 100);
  return clean.replace(/[.-]+$/, "") || "upload";
}

/** The stem of a file name (without the extensions a reader would add). */
function stemOf(name: string): string {
  return name.replace(/(\.(xml|html?|md|markdown|txt|jsonl|pdf|docx|epub|gz|bz2|7z))+$/i, "") ||
    "upload";
}

/** Writes one part to `path`, keeping its first bytes for sniffing, counting the total. */
class FileSink {
  head = new Uint8Array(0);
  private file: Deno.FsFile | null = null;
  constructor(readonly path: string, private readonly count: (n: number) => void) {}
  async open() {
    this.file = await Deno.open(this.path, { write: true, createNew: true });
  }
  async write(chunk: Uint8Array) {
    this.count(chunk.length);
    if (this.head.length < SNIFF_BYTES) {
      const take = chunk.subarray(0, SNIFF_BYTES - this.head.length);
      const next = new Uint8Array(this.head.length + take.length);
      next.set(this.head);
      next.set(take, this.head.length);
      this.head = next;
    }
    let written = 0;
    while (written < chunk.length) written += await this.file!.write(chunk.subarray(written));
  }
  close() {
    this.file?.close();
    this.file = null;
  }
}

/**
 * Saves the files of a multipart upload into `dir` (created), returning them. On any
 * refusal every file this upload wrote is removed before the error is thrown.
 */
export async function receiveUpload(
  req: Request,
  options: { dir: string; maxBytes: number },
): Promise<JobFile[]> {
  const boundary = multipartBoundary(req.headers.get("content-type"));
  if (!boundary || !req.body) {
    throw new UploadError(400, "invalid_request", "expected multipart/form-data with files");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > options.maxBytes) throw tooLarge(options.maxBytes);
  await Deno.mkdir(options.dir, { recursive: true });
  const written: { sink: FileSink; name: string }[] = [];
  let total = 0;
  const count = (n: number) => {
    total += n;
    if (total > options.maxBytes) throw tooLarge(options.maxBytes);
  };
  try {
    await readMultipart(req.body, boundary, async (headers) => {
      const { filename } = dispositionOf(headers);
      if (filename === null) return null;
      const sink = new FileSink(`${options.dir}/.part-${written.length}`, count);
      await sink.open();
      written.push({ sink, name: safeFileName(filename) });
      return sink;
    });
    if (written.length === 0) {
      throw new UploadError(400, "invalid_request", "no file in the upload");
    }
    return await placeFiles(written, options.dir);
  } catch (error) {
    for (const { sink } of written) {
      sink.close();
      await Deno.remove(sink.path).catch(() => {});
    }
    if (error instanceof MultipartError) {
      throw new UploadError(400, "invalid_request", error.message);
    }
    throw error;
  }
}

/** Sniffs each saved part and renames it to its safe name with the sniffed extension. */
async function placeFiles(
  written: { sink: FileSink; name: string }[],
  dir: string,
): Promise<JobFile[]> {
  const kinds = written.map(({ sink, name }) => sniffKind(sink.head, name));
  const unknown = written.find((_, i) => kinds[i] === null);
  if (unknown) {
    throw new UploadError(
      415,
      "unsupported_media_type",
      `${unknown.name}: not a file LoreChat reads (HTML, Markdown, text, JSONL, PDF, DOCX, EPUB or a MediaWiki dump)`,
    );
  }
  const files: JobFile[] = [];
  const taken = new Set<string>();
  for (const [i, { sink, name }] of written.entries()) {
    const kind = kinds[i]!;
    let file = `${stemOf(name)}${kind.extension}`;
    for (let n = 2; taken.has(file); n++) file = `${stemOf(name)}-${n}${kind.extension}`;
    taken.add(file);
    const path = `${dir}/${file}`;
    await Deno.rename(sink.path, path);
    files.push({ name: file, path, kind: kind.kind });
  }
  return files;
}

function tooLarge(max: number): UploadError {
  return new UploadError(413, "payload_too_large", `the upload is larger than ${max} bytes`);
}
