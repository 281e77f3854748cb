/**
 * Test doubles for LoreChat's own seams (never for a vendor SDK): an in-memory
 * `VectorStore` with word-overlap scoring and a scripted `LlmProvider`.
 */
import type {
  ChatMessage,
  GenerateOptions,
  LlmProvider,
  StreamPart,
} from "../../lib/llm/provider.ts";
import { ProviderError } from "../../lib/llm/provider.ts";
import type {
  DocumentRecord,
  QueryHit,
  QueryOptions,
  StoredChunk,
  StoreInfo,
  VectorStore,
} from "../../lib/vectorstore/store.ts";

/** A page for {@linkcode memoryStore}: one chunk per entry. */
export interface Page {
  id: string;
  title: string;
  text: string;
  heading?: string;
  url?: string;
}

const tokens = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** An in-memory store scoring chunks by shared words with the query. */
export function memoryStore(pages: Page[] = []): VectorStore & { queries: QueryOptions[] } {
  const chunks = new Map<string, StoredChunk>();
  const docs = new Map<string, DocumentRecord>();
  const queries: QueryOptions[] = [];
  for (const p of pages) {
    chunks.set(`${p.id}#0`, {
      id: `${p.id}#0`,
      text: p.text,
      metadata: {
        documentId: p.id,
        title: p.title,
        url: p.url ?? `https://lore.example/wiki/${p.id}`,
        heading: p.heading ?? p.title,
        position: 0,
        contentHash: "h",
      },
    });
    docs.set(p.id, {
      documentId: p.id,
      contentHash: "h",
      title: p.title,
      url: p.url ?? "",
      chunkIds: [`${p.id}#0`],
      indexedAt: "2026-11-25T00:00:00.000Z",
    });
  }
  return {
    kind: "memory",
    queries,
    upsert(cs) {
      for (const c of cs) chunks.set(c.id, c);
      return Promise.resolve();
    },
    query(options) {
      queries.push(options);
      const q = new Set(tokens(options.text ?? ""));
      const hits: QueryHit[] = [];
      for (const c of chunks.values()) {
        const words = tokens(`${c.metadata.title} ${c.text}`);
        const score = words.filter((w) => q.has(w)).length / Math.sqrt(words.length + 1);
        if (score > 0) hits.push({ id: c.id, text: c.text, metadata: c.metadata, score });
      }
      hits.sort((a, b) => b.score - a.score);
      return Promise.resolve(hits.slice(0, options.topK));
    },
    deleteIds(ids) {
      for (const id of ids) chunks.delete(id);
      return Promise.resolve();
    },
    deleteDocument(id) {
      const record = docs.get(id);
      docs.delete(id);
      for (const c of record?.chunkIds ?? []) chunks.delete(c);
      return Promise.resolve(record?.chunkIds.length ?? 0);
    },
    getDocument: (id) => Promise.resolve(docs.get(id) ?? null),
    putDocument(record) {
      docs.set(record.documentId, record);
      return Promise.resolve();
    },
    listDocuments: () => Promise.resolve([...docs.values()]),
    info: (): Promise<StoreInfo> =>
      Promise.resolve({
        kind: "memory",
        chunks: chunks.size,
        documents: docs.size,
        lastIndexedAt: "2026-11-25T00:00:00.000Z",
        dimensions: null,
      }),
    reset() {
      chunks.clear();
      docs.clear();
      return Promise.resolve();
    },
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** What a scripted provider saw. */
export interface ScriptedCall {
  system: string;
  messages: ChatMessage[];
  options: GenerateOptions;
  aborted: boolean;
}

/** A provider that streams `tokens` (with `delayMs` between), or fails as told. */
export function scriptedProvider(
  script: {
    name?: string;
    tokens?: string[] | ((call: ScriptedCall) => string[]);
    delayMs?: number;
    failBeforeFirst?: ProviderError;
    failAfter?: number;
  } = {},
): LlmProvider & { calls: ScriptedCall[] } {
  const calls: ScriptedCall[] = [];
  const name = script.name ?? "scripted";
  return {
    name,
    model: `${name}-model`,
    supportsSampling: true,
    calls,
    async *stream(system, messages, options, signal): AsyncGenerator<StreamPart> {
      const call = { system, messages, options, aborted: false };
      calls.push(call);
      signal.addEventListener("abort", () => (call.aborted = true), { once: true });
      if (script.failBeforeFirst) throw script.failBeforeFirst;
      const list = typeof script.tokens === "function"
        ? script.tokens(call)
        : script.tokens ?? ["Hello", " world."];
      let sent = 0;
      for (const text of list) {
        if (signal.aborted) throw new ProviderError("aborted", "aborted", name);
        if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
        if (script.failAfter !== undefined && sent >= script.failAfter) {
          throw new ProviderError("stream cut", "server", name);
        }
        yield { type: "text", text };
        sent++;
      }
      yield { type: "usage", inputTokens: 10, outputTokens: sent };
    },
  };
}
