import { define } from "../../../../../lib/app/state.ts";
import { guardAdmin } from "../../../../../lib/app/admin_guard.ts";
import { jobEvents, publicJob } from "../../../../../lib/collections/mod.ts";
import { jsonError, sseResponse } from "../../../../../lib/web/mod.ts";

/**
 * Admin: one ingest job — JSON `{ id, status, done, failed, total?, failures, … }`, or
 * with `Accept: text/event-stream` a live stream of `progress` events ending in `done`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) return gate.refusal;
    const { jobs, runner } = gate.collections;
    const job = jobs.get(ctx.params.id);
    if (!job || job.collection !== ctx.params.name) {
      return jsonError(404, "not_found", "No such job in this collection.");
    }
    if (/text\/event-stream/.test(ctx.req.headers.get("accept") ?? "")) {
      return sseResponse(jobEvents(job.id, jobs, runner, ctx.req.signal));
    }
    return Response.json(publicJob(job), { headers: { "cache-control": "no-store" } });
  },
});
