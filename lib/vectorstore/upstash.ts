/**
 * The Upstash Vector store, through the official `@upstash/vector` `Index` client.
 *
 * Chunks live in the configured namespace, one vector each: `data` holds the chunk
 * text (so queries return it with `includeData`) and metadata its provenance
 * (`documentId`, `title`, `url`, `heading`, `position`, `contentHash`, `indexedAt`).
 * Three modes:
 * - `dense`: chunks carry our embedder's vectors; queries need a vector.
 * - `hybrid`: our vectors plus sparse vectors we compute ourselves (hashed, stemmed
 *   terms weighted by BM25's saturated term frequency; the index applies IDF at query
 *   time via `weightingStrategy: IDF`). Queries send both and fuse them with RRF. We
 *   compute sparse vectors rather than rely on a hosted sparse model so the same index
 *   works whichever embedder fills the dense side.
 * - `hosted`: chunks and queries are sent as `data` text and Upstash's hosted model
 *   embeds them.
 *
 * Bookkeeping: document records are vectors in a sibling namespace
 * `${namespace}__docs` (`__docs` for the default namespace), one per document with the
 * document id as vector id and the whole record as metadata (so keep a document under
 * ~1,000 chunks: Upstash caps metadata at 48 KB). A `__lorechat_meta__` vector there
 * holds `lastIndexedAt` (the last `putDocument` wins). Their vectors are a fixed unit
 * vector; only ids and metadata matter.
 *
 * @module
 */
import { Index, type RangeResult } from "@upstash/vector";
import { createRequester, type UpstashTransportOptions } from "./upstash_transport.ts";
import {
  bookkeepingPayload,
  chunkMetadata,
  chunkPayload,
  documentFilter,
  META_ID,
  queryPayload,
  recordFromMetadata,
  recordMetadata,
  type UpsertPayload,
  type UpstashMode,
} from "./upstash_payloads.ts";
import {
  type DocumentRecord,
  type QueryHit,
  type QueryOptions,
  type StoredChunk,
  type StoreInfo,
  type VectorStore,
  VectorStoreError,
} from "./store.ts";

export type { UpstashMode } from "./upstash_payloads.ts";

/** Options for {@linkcode createUpstashStore}. */
export interface UpstashStoreOptions extends UpstashTransportOptions {
  /** Namespace for chunks; "" (the default namespace) when omitted. */
  namespace?: string;
  mode: UpstashMode;
  /** Dimension of the index; read from the index's info when omitted. */
  dimensions?: number | null;
  /** Vectors per upsert request, at most 1,000 (Upstash's limit). Default 1,000. */
  batchSize?: number;
  /**
   * Upsert requests in flight at once for one `upsert` call. Default 4: enough to keep a
   * bulk load busy, few enough to stay inside Upstash's request rate (a 429 is retried
   * after a back-off, honouring `Retry-After`).
   */
  upsertConcurrency?: number;
  /** Timeout of `ping`. Default 2,000 ms. */
  pingTimeoutMs?: number;
}

/**
 * Creates a store over an Upstash Vector index. Nothing is sent until first use.
 *
 * @example
 * ```ts ignore
 * import { createUpstashStore } from "./upstash.ts";
 * const store = createUpstashStore({ url: "https://x.upstash.io", token: "…", mode: "hosted" });
 * const hits = await store.query({ text: "Who rules Emberfall?", topK: 5 });
 * ```
 */
export function createUpstashStore(options: UpstashStoreOptions): VectorStore {
  return new UpstashStore(options);
}

type Result = Awaited<ReturnType<Index["query"]>>[number];

class UpstashStore implements VectorStore {
  readonly kind = "upstash";
  private readonly chunksNamespace: string;
  private readonly docsNamespace: string;
  private dimensions: number | null;

  constructor(private readonly options: UpstashStoreOptions) {
    this.chunksNamespace = options.namespace ?? "";
    this.docsNamespace = `${this.chunksNamespace}__docs`;
    this.dimensions = options.dimensions ?? null;
  }

  upsert(chunks: StoredChunk[], signal?: AbortSignal): Promise<void> {
    return this.guard("upsert", signal, async () => {
      const payloads = chunks.map((c) => chunkPayload(c, this.options.mode));
      const size = Math.max(1, Math.min(1000, Math.floor(this.options.batchSize ?? 1000)));
      const batches: unknown[][] = [];
      for (let i = 0; i < payloads.length; i += size) batches.push(payloads.slice(i, i + size));
      const namespace = this.chunks(signal);
      let next = 0;
      const worker = async () => {
        while (next < batches.length) await namespace.upsert(batches[next++] as never);
      };
      const lanes = Math.max(1, Math.min(batches.length, this.options.upsertConcurrency ?? 4));
      await Promise.all(Array.from({ length: lanes }, worker));
    });
  }

  query(options: QueryOptions): Promise<QueryHit[]> {
    return this.guard("query", options.signal, async () => {
      const topK = Math.floor(options.topK);
      if (!(topK > 0) || options.documentIds?.length === 0) return [];
      const filter = options.documentIds ? documentFilter(options.documentIds) : undefined;
      // Ids that cannot be written as filter literals: over-fetch and filter here.
      const wanted = filter === null ? new Set(options.documentIds) : null;
      const request = queryPayload(
        options,
        this.options.mode,
        wanted ? Math.min(1000, topK * 10) : topK,
      );
      if (!request) return [];
      const results: Result[] = await this.chunks(options.signal).query({
        ...request,
        ...(filter ? { filter } : {}),
        includeMetadata: true,
        includeData: true,
      } as never);
      return results
        .map((r) => ({
          id: String(r.id),
          text: r.data ?? "",
          metadata: chunkMetadata(r.metadata),
          score: r.score,
        }))
        .filter((h) => !wanted || wanted.has(h.metadata.documentId))
        .slice(0, topK);
    });
  }

  deleteIds(ids: string[], signal?: AbortSignal): Promise<void> {
    return this.guard("deleteIds", signal, async () => {
      for (let i = 0; i < ids.length; i += 1000) {
        await this.chunks(signal).delete(ids.slice(i, i + 1000));
      }
    });
  }

  deleteDocument(documentId: string, signal?: AbortSignal): Promise<number> {
    return this.guard("deleteDocument", signal, async () => {
      const record = await this.getDocument(documentId, signal);
      let deleted = 0;
      const ids = record?.chunkIds ?? [];
      for (let i = 0; i < ids.length; i += 1000) {
        deleted += (await this.chunks(signal).delete(ids.slice(i, i + 1000))).deleted;
      }
      // Chunks the record does not list (a crash between upsert and putDocument).
      const filter = documentFilter([documentId]);
      if (filter) deleted += (await this.chunks(signal).delete({ filter })).deleted;
      else deleted += await this.deleteByScan(documentId, signal);
      await this.docs(signal).delete([documentId]);
      return deleted;
    });
  }

  /** Deletes a document's chunks found by scanning metadata: for ids no filter can
   * quote (they hold both `'` and `"`). Slow, and rare. */
  private async deleteByScan(documentId: string, signal?: AbortSignal): Promise<number> {
    const doomed: string[] = [];
    await this.scan(this.chunksNamespace, signal, (v) => {
      if (v.metadata?.documentId === documentId) doomed.push(String(v.id));
    });
    let deleted = 0;
    for (let i = 0; i < doomed.length; i += 1000) {
      deleted += (await this.chunks(signal).delete(doomed.slice(i, i + 1000))).deleted;
    }
    return deleted;
  }

  /** Visits every vector of a namespace with its metadata, page by page. */
  private async scan(
    namespace: string,
    signal: AbortSignal | undefined,
    visit: (v: RangeResult["vectors"][number]) => void,
  ): Promise<void> {
    const ns = this.index(signal).namespace(namespace);
    let cursor: string | number = 0;
    for (;;) {
      const page: RangeResult = await ns.range({ cursor, limit: 1000, includeMetadata: true });
      page.vectors.forEach(visit);
      if (!page.nextCursor || page.vectors.length === 0) return;
      cursor = page.nextCursor;
    }
  }

  getDocument(documentId: string, signal?: AbortSignal): Promise<DocumentRecord | null> {
    return this.guard("getDocument", signal, async () => {
      const [found] = await this.docs(signal).fetch([documentId], { includeMetadata: true });
      return found ? recordFromMetadata(found.metadata) : null;
    });
  }

  putDocument(record: DocumentRecord, signal?: AbortSignal): Promise<void> {
    return this.guard("putDocument", signal, async () => {
      const dims = await this.bookkeepingDimensions(signal);
      const mode = this.options.mode;
      const payloads: UpsertPayload[] = [
        bookkeepingPayload(record.documentId, recordMetadata(record), mode, dims),
        bookkeepingPayload(META_ID, { kind: "meta", lastIndexedAt: record.indexedAt }, mode, dims),
      ];
      await this.docs(signal).upsert(payloads as never);
    });
  }

  listDocuments(signal?: AbortSignal): Promise<DocumentRecord[]> {
    return this.guard("listDocuments", signal, async () => {
      const records: DocumentRecord[] = [];
      await this.scan(this.docsNamespace, signal, (v) => {
        const record = recordFromMetadata(v.metadata);
        if (record) records.push(record);
      });
      return records.sort((a, b) => (a.documentId < b.documentId ? -1 : 1));
    });
  }

  info(signal?: AbortSignal): Promise<StoreInfo> {
    return this.guard("info", signal, async () => {
      const [info, [meta]] = await Promise.all([
        this.index(signal).info(),
        this.docs(signal).fetch([META_ID], { includeMetadata: true }),
      ]);
      const count = (ns: string) =>
        (info.namespaces[ns]?.vectorCount ?? 0) + (info.namespaces[ns]?.pendingVectorCount ?? 0);
      const lastIndexedAt = meta?.metadata?.lastIndexedAt;
      return {
        kind: this.kind,
        chunks: count(this.chunksNamespace),
        documents: Math.max(0, count(this.docsNamespace) - (meta ? 1 : 0)),
        lastIndexedAt: typeof lastIndexedAt === "string" ? lastIndexedAt : null,
        dimensions: info.dimension > 0 ? info.dimension : null,
      };
    });
  }

  reset(signal?: AbortSignal): Promise<void> {
    return this.guard("reset", signal, async () => {
      await this.chunks(signal).reset();
      await this.docs(signal).reset();
    });
  }

  ping(signal?: AbortSignal): Promise<void> {
    return this.guard("ping", signal, async () => {
      const transport = {
        ...this.options,
        retries: 0,
        timeoutMs: this.options.pingTimeoutMs ?? 2000,
      };
      await new Index(createRequester(transport, signal)).info();
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private index(signal?: AbortSignal): Index {
    return new Index(createRequester(this.options, signal));
  }

  private chunks(signal?: AbortSignal) {
    return this.index(signal).namespace(this.chunksNamespace);
  }

  private docs(signal?: AbortSignal) {
    return this.index(signal).namespace(this.docsNamespace);
  }

  private async bookkeepingDimensions(signal?: AbortSignal): Promise<number> {
    if (this.options.mode === "hosted") return 0;
    this.dimensions ??= (await this.index(signal).info()).dimension;
    if (!(this.dimensions > 0)) {
      throw new VectorStoreError("the Upstash index reports no dense dimension", "invalid");
    }
    return this.dimensions;
  }

  /** Runs an operation, turning anything but a caller's abort into a VectorStoreError. */
  private async guard<T>(op: string, signal: AbortSignal | undefined, fn: () => Promise<T>) {
    try {
      signal?.throwIfAborted();
      return await fn();
    } catch (error) {
      if (error instanceof VectorStoreError) throw error;
      if (signal?.aborted && error === signal.reason) throw error;
      const text = error instanceof Error ? error.message : String(error);
      const safe = this.options.token ? text.split(this.options.token).join("[redacted]") : text;
      throw new VectorStoreError(`Upstash Vector ${op} failed: ${safe}`, "unknown");
    }
  }
}
