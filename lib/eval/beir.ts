/**
 * Reading labelled retrieval sets in the BEIR layout: `queries.jsonl`, `qrels/test.tsv`
 * and (optionally) `corpus.jsonl`, and turning corpus records into the
 * {@linkcode SourceDocument}s the ingestion pipeline indexes.
 *
 * @module
 */
import { documentFromMarkdown, type SourceDocument } from "../ingest/mod.ts";
import type { Judgements } from "./metrics.ts";

/** One question of the set. */
export interface EvalQuery {
  id: string;
  text: string;
  /** The set says the corpus does not answer it (lore layout); such queries have no qrels. */
  unanswerable?: boolean;
}

/** One `corpus.jsonl` record. */
export interface CorpusRecord {
  id: string;
  title: string;
  text: string;
}

/** Thrown when a dataset file is malformed; names the file and line. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatasetError";
  }
}

function parseJsonLine(line: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new DatasetError(`${where}: invalid JSON (${(error as Error).message})`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new DatasetError(`${where}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** BEIR ids are strings, but some sets write them as numbers. */
function idOf(record: Record<string, unknown>, where: string): string {
  const id = record._id;
  if (typeof id === "string" && id !== "") return id;
  if (typeof id === "number") return String(id);
  throw new DatasetError(`${where}: missing "_id"`);
}

/**
 * Parses `queries.jsonl` (`_id`, `text`, optional `unanswerable`).
 *
 * @example
 * ```ts
 * import { parseQueries } from "./beir.ts";
 * const [q] = parseQueries('{"_id": "q1", "text": "Who rules?"}\n');
 * console.assert(q.id === "q1" && q.text === "Who rules?");
 * ```
 */
export function parseQueries(text: string, source = "queries.jsonl"): EvalQuery[] {
  const queries: EvalQuery[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const where = `${source}:${i + 1}`;
    const record = parseJsonLine(line, where);
    if (typeof record.text !== "string") throw new DatasetError(`${where}: missing "text"`);
    queries.push({
      id: idOf(record, where),
      text: record.text,
      ...(record.unanswerable === true ? { unanswerable: true } : {}),
    });
  });
  return queries;
}

/**
 * Parses a qrels TSV (`query-id`, `corpus-id`, `score`; the header line is optional).
 * Grades of 0 are kept (they judge a document not relevant).
 *
 * @example
 * ```ts
 * import { parseQrels } from "./beir.ts";
 * const qrels = parseQrels("query-id\tcorpus-id\tscore\nq1\td7\t2\n");
 * console.assert(qrels.get("q1")?.get("d7") === 2);
 * ```
 */
export function parseQrels(text: string, source = "qrels/test.tsv"): Map<string, Judgements> {
  const qrels = new Map<string, Map<string, number>>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") return;
    const fields = line.split("\t");
    const header = i === 0 && fields.length >= 3 && !/^-?\d+(\.\d+)?$/.test(fields[2]);
    if (header) return;
    const [query, doc, score] = fields;
    const grade = Number(score);
    if (fields.length < 3 || !query || !doc || !Number.isFinite(grade)) {
      throw new DatasetError(`${source}:${i + 1}: expected "query-id<TAB>corpus-id<TAB>score"`);
    }
    let judged = qrels.get(query);
    if (!judged) qrels.set(query, judged = new Map());
    judged.set(doc, grade);
  });
  return qrels;
}

/**
 * Corpus records from the lines of `corpus.jsonl`, one at a time so a corpus of any size
 * streams through.
 */
export async function* parseCorpus(
  lines: AsyncIterable<string> | Iterable<string>,
  source = "corpus.jsonl",
): AsyncGenerator<CorpusRecord> {
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === "") continue;
    const where = `${source}:${n}`;
    const record = parseJsonLine(line, where);
    const text = typeof record.text === "string" ? record.text : "";
    const title = typeof record.title === "string" ? record.title : "";
    yield { id: idOf(record, where), title, text };
  }
}

/**
 * A corpus record as a document for the ingestion pipeline: Markdown with the title as
 * its `# ` heading (so chunks carry it in their heading path), id = the corpus id.
 *
 * @example
 * ```ts
 * import { corpusDocument } from "./beir.ts";
 * const doc = await corpusDocument({ id: "d1", title: "Salt", text: "Salt is white." });
 * console.assert(doc.id === "d1" && doc.title === "Salt");
 * ```
 */
export async function corpusDocument(record: CorpusRecord): Promise<SourceDocument> {
  const title = record.title.replace(/\s+/g, " ").trim();
  const markdown = title ? `# ${title}\n\n${record.text}` : record.text;
  const doc = await documentFromMarkdown(record.id, markdown, {
    source: `corpus.jsonl#${record.id}`,
    contentType: "text/plain",
  });
  return { ...doc, title: title || record.id };
}

/** Splits a byte stream into lines (UTF-8), without holding the whole file. */
export async function* textLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of chunks) {
    rest += decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline = rest.indexOf("\n");
    while (newline >= 0) {
      yield rest.slice(start, newline);
      start = newline + 1;
      newline = rest.indexOf("\n", start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest !== "") yield rest;
}
