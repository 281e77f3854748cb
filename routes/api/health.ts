import { define } from "../../lib/app/state.ts";

/** Liveness: always cheap, touches no dependency. */
export const handler = define.handlers({
  GET(ctx) {
    const { version, startedAt } = ctx.state;
    return Response.json(
      {
        status: "ok",
        version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      },
      { headers: { "cache-control": "no-store" } },
    );
  },
});
