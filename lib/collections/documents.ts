/**
 * The documents of a collection as the admin sees them: the archived pages joined
 * with the store's records (chunks, last indexed), and the two actions on one —
 * re-index it from its archived text, or delete it.
 *
 * @module
 */
import type { Embedder } from "../embeddings/mod.ts";
import { type IndexChunkOptions, indexDocuments } from "../ingest/index.ts";
import type { SourceDocument } from "../ingest/source_document.ts";
import type { VectorStore } from "../vectorstore/mod.ts";
import type { PageArchive } from "./pages.ts";

/** One row of the documents list. */
export interface DocumentRow {
  id: string;
  title: string;
  url: string;
  source: string;
  chunks: number;
  /** When the store last indexed it, or null when the store has no record. */
  indexedAt: string | null;
  status: "indexed" | "missing";
}

/** A page of the documents list. */
export async function listDocuments(
  archive: PageArchive,
  store: VectorStore,
  collection: string,
  options: { query?: string; cursor?: string; limit?: number; signal?: AbortSignal },
): Promise<{ documents: DocumentRow[]; next: string | null }> {
  const { pages, next } = archive.list(collection, options);
  const documents = await Promise.all(pages.map(async (page): Promise<DocumentRow> => {
    const record = await store.getDocument(page.documentId, options.signal);
    return {
      id: page.documentId,
      title: page.title,
      url: page.url,
      source: page.source,
      chunks: record?.chunkIds.length ?? 0,
      indexedAt: record?.indexedAt ?? null,
      status: record ? "indexed" : "missing",
    };
  }));
  return { documents, next };
}

/** Deletes a document's chunks and archived page; false when neither existed. */
export async function deleteDocument(
  archive: PageArchive,
  store: VectorStore,
  collection: string,
  id: string,
): Promise<boolean> {
  const record = await store.getDocument(id);
  await store.deleteDocument(id);
  return archive.delete(collection, id) || record !== null;
}

/** Indexes a document again from its archived text; false when it is not archived. */
export async function reindexDocument(
  archive: PageArchive,
  deps: { store: VectorStore; embedder: Embedder; chunkOptions: IndexChunkOptions },
  collection: string,
  id: string,
): Promise<boolean> {
  const page = archive.get(collection, id);
  if (!page) return false;
  const doc: SourceDocument = {
    id,
    title: page.title,
    url: page.url,
    description: "",
    markdown: page.markdown,
    contentHash: crypto.randomUUID(),
    contentType: page.contentType as SourceDocument["contentType"],
    source: page.source,
  };
  const report = await indexDocuments([doc], deps);
  if (report.failed > 0) throw new Error(report.failures[0].reason);
  archive.put(collection, { ...page, documentId: id });
  return true;
}
