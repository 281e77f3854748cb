import assert from "node:assert/strict";
import { compareRoutePatterns, routePattern } from "./route_path.ts";

Deno.test("routePattern maps file routes to URL patterns", async (t) => {
  const cases: [string, string | null][] = [
    ["index.tsx", "/"],
    ["about.tsx", "/about"],
    ["api/health.ts", "/api/health"],
    ["api/index.ts", "/api"],
    ["wiki/[slug].tsx", "/wiki/:slug"],
    ["users/[id]/posts/[postId].ts", "/users/:id/posts/:postId"],
    ["files/[...path].ts", "/files/*"],
    ["v1/chat/completions.ts", "/v1/chat/completions"],
    ["_app.tsx", null],
    ["_404.tsx", null],
    ["api/_middleware.ts", null],
    ["api/health_test.ts", null],
    ["styles.css", null],
    ["files/[...path]/more.ts", null],
    ["bad name.ts", null],
  ];
  for (const [file, expected] of cases) {
    await t.step(`${file} → ${expected}`, () => assert.equal(routePattern(file), expected));
  }
});

Deno.test("compareRoutePatterns puts static segments before params before wildcards", () => {
  const sorted = ["/api/*", "/api/:name", "/api/info", "/", "/api"].sort(compareRoutePatterns);
  assert.deepEqual(sorted.indexOf("/api/info") < sorted.indexOf("/api/:name"), true);
  assert.deepEqual(sorted.indexOf("/api/:name") < sorted.indexOf("/api/*"), true);
});
