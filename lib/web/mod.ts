/**
 * The Fresh-shaped glue: file routes from a generated manifest, islands rendered on the
 * server and hydrated from esbuild bundles, and a Hono app with the middleware every
 * response needs. Everything Fresh-specific lives here, so moving to `@fresh/core` is a
 * change of this folder, not of routes or islands.
 *
 * @module
 */
export { type AppOptions, createApp, type ResponseInfo } from "./app.ts";
export { buildIslands, type IslandAssets, readIslandAssets } from "./bundle.ts";
export { jsonError } from "./http_error.ts";
export { serialiseForScript } from "./islands_render.ts";
export { generateManifest, type Manifest, renderManifest } from "./manifest.ts";
export {
  type AppProps,
  createDefine,
  type ErrorPageProps,
  type Handlers,
  type PageProps,
  type RouteContext,
} from "./route.ts";
export { compareRoutePatterns, routePattern } from "./route_path.ts";
export { CONTENT_SECURITY_POLICY } from "./security_headers.ts";
export { type SseEvent, sseResponse } from "./sse.ts";
