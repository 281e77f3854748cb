import { define } from "../../../../../lib/app/state.ts";
import { guardAdmin } from "../../../../../lib/app/admin_guard.ts";
import { listDocuments } from "../../../../../lib/collections/mod.ts";
import { resolveCollection } from "../../../../../lib/app/collection_chat.ts";
import { jsonError } from "../../../../../lib/web/mod.ts";

/** Admin: a collection's documents, searchable (`query`) and paginated (`cursor`). */
export const handler = define.handlers({
  async GET(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const target = resolveCollection(ctx.state, ctx.params.name);
    if (!target?.store) {
      return jsonError(404, "not_found", `no collection named "${ctx.params.name}"`);
    }
    const query = ctx.url.searchParams.get("query")?.slice(0, 200) ?? "";
    const cursor = ctx.url.searchParams.get("cursor")?.slice(0, 2_000) ?? "";
    const limit = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("limit")) || 25));
    const page = await listDocuments(gate.collections.service.pages, target.store, target.name, {
      query,
      cursor,
      limit,
      signal: ctx.req.signal,
    });
    return Response.json(page, { headers: { "cache-control": "no-store" } });
  },
});
