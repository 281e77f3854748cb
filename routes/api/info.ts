import { define } from "../../lib/app/state.ts";
import { suggestQuestions } from "../../lib/app/suggestions.ts";
import { VectorStoreError } from "../../lib/vectorstore/store.ts";
import { jsonError } from "../../lib/web/mod.ts";

/** What this LoreChat knows and can use: the collection, providers, suggestions. */
export const handler = define.handlers({
  async GET(ctx) {
    const { store, chat, version } = ctx.state;
    const signal = AbortSignal.any([ctx.req.signal, AbortSignal.timeout(3_000)]);
    let collection = null;
    let suggestions: string[] = [];
    if (store) {
      let info, documents;
      try {
        [info, documents] = await Promise.all([store.info(signal), store.listDocuments(signal)]);
      } catch (error) {
        if (!(error instanceof VectorStoreError)) throw error;
        return jsonError(503, "store_unavailable", "The knowledge base is unavailable right now.", {
          "cache-control": "no-store",
        });
      }
      collection = {
        documents: info.documents,
        chunks: info.chunks,
        lastIndexedAt: info.lastIndexedAt,
      };
      const hourSeed = Math.floor(Date.now() / 3_600_000);
      suggestions = suggestQuestions(documents.map((d) => d.title), 4, hourSeed);
    }
    return Response.json({
      version,
      collection,
      providers: chat?.providers() ?? [],
      suggestions,
    }, { headers: { "cache-control": "no-store" } });
  },
});
