import { define } from "../../lib/app/state.ts";
import { describeService } from "../../lib/app/service_info.ts";
import { VectorStoreError } from "../../lib/vectorstore/store.ts";
import { jsonError } from "../../lib/web/mod.ts";
import { resolveCollection, unknownCollection } from "../../lib/app/collection_chat.ts";

/**
 * What this LoreChat knows and can use: the collection (`?collection=<name>`, the
 * default when absent), the collections to pick from, providers, suggestions.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const name = ctx.url.searchParams.get("collection");
    const target = resolveCollection(ctx.state, name);
    if (!target) return jsonError(404, "not_found", unknownCollection(name ?? ""));
    let info;
    try {
      info = await describeService(ctx.state, ctx.req.signal, 3_000, name ? target : undefined);
    } catch (error) {
      // A store that is down or too slow is an outage to report, not a server bug.
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      if (!(error instanceof VectorStoreError) && !timedOut) throw error;
      return jsonError(503, "store_unavailable", "The knowledge base is unavailable right now.", {
        "cache-control": "no-store",
      });
    }
    return Response.json(info, { headers: { "cache-control": "no-store" } });
  },
});
