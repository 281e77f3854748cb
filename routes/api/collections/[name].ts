import { define } from "../../../lib/app/state.ts";
import { collectionFieldsSchema, guardAdmin, readJson } from "../../../lib/app/admin_guard.ts";
import { CollectionError } from "../../../lib/collections/mod.ts";
import { jsonError } from "../../../lib/web/mod.ts";

function refusal(error: unknown): Response {
  if (!(error instanceof CollectionError)) throw error;
  const status = error.code === "not_found" ? 404 : error.code === "exists" ? 409 : 400;
  return jsonError(status, error.code, error.message);
}

/** Admin: one collection — read, rename/describe (`PATCH`), delete. */
export const handler = define.handlers({
  async GET(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const collection = gate.collections.service.registry.get(ctx.params.name);
    if (!collection) return jsonError(404, "not_found", `no collection named "${ctx.params.name}"`);
    const jobs = gate.collections.jobs.list(ctx.params.name, 10);
    return Response.json({ collection, jobs }, { headers: { "cache-control": "no-store" } });
  },
  async PATCH(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const body = await readJson(ctx.req, collectionFieldsSchema);
    if ("refusal" in body) return body.refusal;
    try {
      return Response.json({
        collection: gate.collections.service.update(ctx.params.name, body.value),
      });
    } catch (error) {
      return refusal(error);
    }
  },
  async DELETE(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    try {
      await gate.collections.service.delete(ctx.params.name);
      return new Response(null, { status: 204 });
    } catch (error) {
      return refusal(error);
    }
  },
});
