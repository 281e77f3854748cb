/**
 * Turning inputs into documents to index: HTML (cleaned to Markdown), Markdown and text
 * (passed through, front matter read), JSONL crawler output, and folders of those.
 * A bad input becomes a {@linkcode SourceFailure} in the stream, never a thrown error, so
 * one broken page does not stop the rest.
 *
 * @module
 */
import { type FileSystem, nodeFileSystem } from "./file_system.ts";
import { documentFromMarkdown, documentIdFromPath, sourceKindOf } from "./markdown_source.ts";
import type { DumpFileOptions } from "../sources/dump_file.ts";
import type { SourceDocument, SourceEntry, SourceFailure } from "./source_document.ts";

export type { FileSystem } from "./file_system.ts";
export {
  documentFromMarkdown,
  documentIdFromPath,
  extensionOf,
  SOURCE_EXTENSIONS,
  sourceKindOf,
} from "./markdown_source.ts";
export {
  isSourceFailure,
  sha256Hex,
  type SourceDocument,
  type SourceEntry,
  type SourceFailure,
} from "./source_document.ts";

/** An HTML document, cleaned to Markdown; `url` is used when the page names no canonical. */
export async function documentFromHtml(
  id: string,
  html: string | Uint8Array,
  options: { source?: string; url?: string; contentTypeHeader?: string } = {},
): Promise<SourceDocument> {
  // Loaded on first use: a run of Markdown or a dump needs no HTML parser.
  const { cleanHtml, decodeHtmlBytes } = await import("./clean/mod.ts");
  const text = typeof html === "string" ? html : decodeHtmlBytes(html, options.contentTypeHeader);
  const cleaned = await cleanHtml(text, options.url ? { url: options.url } : {});
  return {
    id,
    title: cleaned.title || id.slice(id.lastIndexOf("/") + 1),
    url: cleaned.url || options.url || "",
    description: cleaned.description ?? "",
    markdown: cleaned.markdown,
    contentHash: cleaned.contentHash,
    contentType: cleaned.contentType,
    ...(cleaned.lang ? { lang: cleaned.lang } : {}),
    source: options.source ?? id,
  };
}

/**
 * Documents from JSONL crawler output: one `{"url": ..., "content": "<html…>"}` per line,
 * id = url. A malformed line yields a failure naming its line number; the rest go on.
 */
export async function* documentsFromJsonl(
  text: string,
  options: { source: string },
): AsyncGenerator<SourceEntry> {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    const where = `${options.source}:${i + 1}`;
    const fail = (reason: string): SourceFailure => ({
      failed: true,
      id: where,
      source: where,
      reason: `line ${i + 1}: ${reason}`,
    });
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      yield fail(`invalid JSON (${(error as Error).message})`);
      continue;
    }
    const { url, content } = (record ?? {}) as { url?: unknown; content?: unknown };
    if (typeof url !== "string" || url === "" || typeof content !== "string") {
      yield fail('expected an object with string "url" and "content"');
      continue;
    }
    try {
      yield await documentFromHtml(url, content, { source: where, url });
    } catch (error) {
      yield { ...fail(`could not clean: ${(error as Error).message}`), id: url };
    }
  }
}

/** Entries from one file's bytes, by its extension. `id` is used for single documents. */
export async function* documentsFromFile(
  id: string,
  bytes: Uint8Array,
  options: { source: string; contentTypeHeader?: string; dump?: DumpFileOptions },
): AsyncGenerator<SourceEntry> {
  const kind = sourceKindOf(options.source);
  try {
    if (kind === "jsonl") {
      yield* documentsFromJsonl(new TextDecoder().decode(bytes), { source: options.source });
    } else if (kind === "html") {
      yield await documentFromHtml(id, bytes, options);
    } else if (kind === "markdown" || kind === "text") {
      yield await documentFromMarkdown(id, new TextDecoder().decode(bytes), {
        source: options.source,
        contentType: kind === "text" ? "text/plain" : "text/markdown",
      });
    } else if (kind === "pdf" || kind === "docx" || kind === "epub") {
      // Loaded on first use: the book readers pull in heavy parsers.
      const { documentsFromBook } = await import("../sources/books.ts");
      yield* documentsFromBook(kind, id, bytes, { source: options.source });
    } else if (kind === "mediawiki") {
      // Loaded on first use, as the other formats' readers are.
      const { documentsFromDumpBytes } = await import("../sources/dump_file.ts");
      yield* documentsFromDumpBytes(options.source, bytes, {
        ...options.dump,
        source: options.source,
      });
    } else {
      yield { failed: true, id, source: options.source, reason: "unsupported file type" };
    }
  } catch (error) {
    yield { failed: true, id, source: options.source, reason: (error as Error).message };
  }
}

/**
 * The source files under `root` (a folder, searched recursively, or one file), as paths
 * relative to `root` in sorted order. Hidden entries and unsupported extensions are left
 * out; symbolic links are not followed.
 */
export async function listSourceFiles(
  root: string,
  fs: FileSystem = nodeFileSystem,
): Promise<string[]> {
  if ((await fs.stat(root)).isFile) return [root.slice(root.lastIndexOf("/") + 1)];
  const found: string[] = [];
  const walk = async (relative: string) => {
    const entries = await fs.readDir(relative ? `${root}/${relative}` : root);
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && sourceKindOf(path)) found.push(path);
    }
  };
  await walk("");
  return found.sort();
}

/**
 * Every entry under `root` (a folder or one file), files in sorted order, so two runs
 * over the same tree yield the same documents in the same order. Entries name their
 * `source` by the path relative to `root`.
 *
 * @example
 * ```ts ignore
 * import { readSourceTree } from "./sources.ts";
 * for await (const entry of readSourceTree("sample/lore")) console.log(entry.id);
 * ```
 */
export async function* readSourceTree(
  root: string,
  options: { fs?: FileSystem; files?: string[]; dump?: DumpFileOptions } = {},
): AsyncGenerator<SourceEntry> {
  const fs = options.fs ?? nodeFileSystem;
  const base = root.replace(/\/+$/, "");
  const single = (await fs.stat(base)).isFile;
  const files = options.files ?? await listSourceFiles(base, fs);
  for (const relative of files) {
    const path = single ? base : `${base}/${relative}`;
    const id = documentIdFromPath(relative);
    if (sourceKindOf(relative) === "mediawiki" && !options.fs) {
      // Dumps stream from disk: one page at a time, never the whole file.
      const { documentsFromDumpFile } = await import("../sources/dump_file.ts");
      yield* documentsFromDumpFile(path, { ...options.dump, source: relative });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(path);
    } catch (error) {
      yield { failed: true, id, source: relative, reason: (error as Error).message };
      continue;
    }
    yield* documentsFromFile(id, bytes, { source: relative, dump: options.dump });
  }
}
