/**
 * What sources hand to the indexer: documents, and failures to report in their place.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { PreparedChunks } from "./prepared.ts";

/** A document ready to chunk and index. */
export interface SourceDocument {
  /** Stable id: path relative to the ingested root without extension, or the page URL. */
  id: string;
  title: string;
  url: string;
  description: string;
  /** The text to chunk. */
  markdown: string;
  /** SHA-256 (hex) of the source content, for change detection. */
  contentHash: string;
  contentType: "text/html" | "text/markdown" | "text/plain";
  lang?: string;
  /** Ordering token (e.g. an S3 sequencer); a stored newer version is never overwritten. */
  version?: string;
  /** Where it came from, for messages: a path, `pages.jsonl:12`, an S3 key. */
  source: string;
  /** Categories of a wiki page (metadata; not part of the indexed text). */
  categories?: string[];
  /** Other names of the page (a wiki's redirects to it); also written into its text. */
  aliases?: string[];
  /**
   * Its chunks (and their index terms) made ahead where it was made (a page worker);
   * the indexer uses them when they match the run's chunk settings.
   */
  prepared?: PreparedChunks;
}

/** An input that could not be turned into a document; `id` is its best-known name. */
export interface SourceFailure {
  failed: true;
  id: string;
  source: string;
  reason: string;
}

/** What a source yields: documents, and failures to report. */
export type SourceEntry = SourceDocument | SourceFailure;

/** Whether an entry is a failure. */
export function isSourceFailure(entry: SourceEntry): entry is SourceFailure {
  return "failed" in entry && entry.failed === true;
}

/** SHA-256 of `text` (UTF-8) as lower-case hex. */
export function sha256Hex(text: string | Uint8Array): Promise<string> {
  // node:crypto hashes synchronously: Web Crypto's digest is a round trip to another
  // thread per call, which cost several percent of a dump ingest's writing thread.
  return Promise.resolve(createHash("sha256").update(text).digest("hex"));
}
