import { define } from "../../lib/app/state.ts";
import { jsonError } from "../../lib/web/mod.ts";

/** Prometheus metrics; behind `Authorization: Bearer $METRICS_TOKEN` when it is set. */
export const handler = define.handlers({
  GET(ctx) {
    const { metrics, config } = ctx.state;
    if (!metrics) return jsonError(404, "not_found", "Metrics are disabled.");
    const token = config.METRICS_TOKEN;
    if (token && ctx.req.headers.get("authorization") !== `Bearer ${token}`) {
      return jsonError(401, "unauthorized", "A valid metrics token is required.", {
        "www-authenticate": 'Bearer realm="metrics"',
      });
    }
    return new Response(metrics.registry.render(), {
      headers: {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  },
});
