import { define } from "../../../../../lib/app/state.ts";
import { guardAdmin } from "../../../../../lib/app/admin_guard.ts";
import {
  deleteDocument,
  readerSections,
  reindexDocument,
} from "../../../../../lib/collections/mod.ts";
import { resolveCollection } from "../../../../../lib/app/collection_chat.ts";
import { jsonError } from "../../../../../lib/web/mod.ts";

const missing = () => jsonError(404, "not_found", "No such document in this collection.");

/**
 * Admin: one document — its chunks as indexed (`GET`), re-index it (`POST`), delete it
 * (`DELETE`: its chunks leave the store and answers at once).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const { pages, registry } = gate.collections.service;
    const page = registry.get(ctx.params.name) ? pages.get(ctx.params.name, ctx.params.id) : null;
    if (!page) return missing();
    const chunks = readerSections(page, gate.collections.chunkOptions);
    const { markdown: _, ...summary } = page;
    return Response.json({ document: summary, chunks });
  },
  async POST(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const target = resolveCollection(ctx.state, ctx.params.name);
    if (!target?.store) return missing();
    const { embedder, chunkOptions, service } = gate.collections;
    const done = await reindexDocument(
      service.pages,
      { store: target.store, embedder, chunkOptions },
      target.name,
      ctx.params.id,
    );
    return done ? Response.json({ reindexed: ctx.params.id }) : missing();
  },
  async DELETE(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const target = resolveCollection(ctx.state, ctx.params.name);
    if (!target?.store) return missing();
    const gone = await deleteDocument(
      gate.collections.service.pages,
      target.store,
      target.name,
      ctx.params.id,
    );
    return gone ? new Response(null, { status: 204 }) : missing();
  },
});
