import { define } from "../../../lib/app/state.ts";
import { createCollectionSchema, guardAdmin, readJson } from "../../../lib/app/admin_guard.ts";
import { CollectionError } from "../../../lib/collections/mod.ts";
import { jsonError } from "../../../lib/web/mod.ts";

/** Admin: list collections (with counts) and create one. */
export const handler = define.handlers({
  async GET(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const { service } = gate.collections;
    const collections = await Promise.all(
      service.list().map(async (c) => {
        const open = c.name === "default" ? { store: ctx.state.store } : service.open(c.name);
        const info = await open?.store?.info(ctx.req.signal).catch(() => null);
        return { ...c, documents: info?.documents ?? 0, chunks: info?.chunks ?? 0 };
      }),
    );
    return Response.json({ collections }, { headers: { "cache-control": "no-store" } });
  },
  async POST(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const body = await readJson(ctx.req, createCollectionSchema);
    if ("refusal" in body) return body.refusal;
    const { name, ...fields } = body.value;
    try {
      const collection = gate.collections.service.create(name, fields);
      return Response.json({ collection }, { status: 201 });
    } catch (error) {
      if (!(error instanceof CollectionError)) throw error;
      return jsonError(error.code === "exists" ? 409 : 400, error.code, error.message);
    }
  },
});
