import { define } from "../../lib/app/state.ts";
import { describeService } from "../../lib/app/service_info.ts";

/** What this LoreChat knows and can use: the collection, providers, suggestions. */
export const handler = define.handlers({
  async GET(ctx) {
    const info = await describeService(ctx.state, ctx.req.signal);
    return Response.json(info, { headers: { "cache-control": "no-store" } });
  },
});
