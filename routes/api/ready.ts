import { define } from "../../lib/app/state.ts";
import { runReadiness } from "../../lib/app/readiness.ts";

/** Readiness: probes every configured dependency; 503 when any is down. */
export const handler = define.handlers({
  async GET(ctx) {
    const { readiness, config, scrub } = ctx.state;
    const { ready, results } = await runReadiness(readiness, config.READY_TIMEOUT_MS, scrub);
    return Response.json(
      { status: ready ? "ready" : "unavailable", dependencies: results },
      { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
    );
  },
});
