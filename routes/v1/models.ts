import { define } from "../../lib/app/state.ts";
import { authorise, MODEL_ID } from "../../lib/app/openai_compat.ts";

/**
 * OpenAI-compatible model list: `lorechat`, `lorechat/<provider>` for each provider and
 * `lorechat/<collection>` for each collection (the default one included).
 */
export const handler = define.handlers({
  GET(ctx) {
    const denied = authorise(ctx.req, ctx.state.config.API_KEYS);
    if (denied) return denied;
    const created = Math.floor(ctx.state.startedAt / 1000);
    const ids = [
      MODEL_ID,
      ...(ctx.state.chat?.providers() ?? []).map((p) => `${MODEL_ID}/${p.provider}`),
      ...(ctx.state.collections?.service.list() ?? []).map((c) => `${MODEL_ID}/${c.name}`),
    ];
    return Response.json({
      object: "list",
      data: ids.map((id) => ({ id, object: "model", created, owned_by: "lorechat" })),
    });
  },
});
