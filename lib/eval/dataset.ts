/**
 * Opening a labelled question set from a folder. Two layouts:
 *
 * - BEIR: `corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`. Corpus records become
 *   Markdown documents (title as heading), ids kept.
 * - Lore: no `corpus.jsonl`; the corpus is a folder of pages (HTML, Markdown, text) that
 *   goes through the real source readers and cleaner, ids = file paths without extension.
 *   By default the folder is the dataset's sibling without the `-eval` suffix
 *   (`sample/lore-eval` → `sample/lore`).
 *
 * File access goes through `node:fs`, which Deno and Node both provide.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { readSourceTree, type SourceEntry } from "../ingest/mod.ts";
import {
  corpusDocument,
  DatasetError,
  type EvalQuery,
  parseCorpus,
  parseQrels,
  parseQueries,
  textLines,
} from "./beir.ts";
import type { Judgements } from "./metrics.ts";

/** A question set ready to run. */
export interface EvalDataset {
  /** Folder name, for reports. */
  name: string;
  layout: "beir" | "lore";
  queries: EvalQuery[];
  qrels: Map<string, Judgements>;
  /** Where the corpus is read from: `corpus.jsonl` or the page folder. */
  corpus: string;
  /** The corpus as documents for the indexer (read afresh on each call). */
  documents(): AsyncIterable<SourceEntry>;
}

/** Options for {@linkcode openDataset}. */
export interface OpenDatasetOptions {
  /** Page folder for the lore layout (default: the sibling without `-eval`). */
  corpusDir?: string;
  /** Which qrels file: `qrels/<split>.tsv`. Default `test`. */
  split?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new DatasetError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * Opens the dataset in `dir`, reading queries and qrels at once and the corpus lazily.
 *
 * @throws {DatasetError} when a file is missing or malformed.
 *
 * @example
 * ```ts ignore
 * import { openDataset } from "./dataset.ts";
 * const set = await openDataset("sample/lore-eval");
 * console.log(set.layout, set.queries.length); // "lore" 88
 * ```
 */
export async function openDataset(
  dir: string,
  options: OpenDatasetOptions = {},
): Promise<EvalDataset> {
  const base = dir.replace(/\/+$/, "");
  const name = base.slice(base.lastIndexOf("/") + 1);
  const queries = parseQueries(await readText(`${base}/queries.jsonl`), `${name}/queries.jsonl`);
  const qrelsFile = `qrels/${options.split ?? "test"}.tsv`;
  const qrels = parseQrels(await readText(`${base}/${qrelsFile}`), `${name}/${qrelsFile}`);
  const corpusFile = `${base}/corpus.jsonl`;
  if (await exists(corpusFile)) {
    return {
      name,
      layout: "beir",
      queries,
      qrels,
      corpus: corpusFile,
      documents: () => corpusDocuments(corpusFile),
    };
  }
  const pages = options.corpusDir ?? base.replace(/-eval$/, "");
  if (pages === base || !(await exists(pages))) {
    throw new DatasetError(
      `${base} has no corpus.jsonl and no page folder (looked for ${pages}); ` +
        "name the pages with --corpus DIR",
    );
  }
  return {
    name,
    layout: "lore",
    queries,
    qrels,
    corpus: pages,
    documents: () => readSourceTree(pages),
  };
}

async function* corpusDocuments(path: string): AsyncGenerator<SourceEntry> {
  const lines = textLines(createReadStream(path) as AsyncIterable<Uint8Array>);
  for await (const record of parseCorpus(lines, path)) yield await corpusDocument(record);
}
