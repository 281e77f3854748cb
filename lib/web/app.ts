/**
 * `createApp`: turns a route manifest into a Hono app with the middleware every
 * response needs — request ids, access logs, security headers, body limits,
 * compression, static files, JSON errors under `/api/` and HTML pages elsewhere.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { getLogger, withLogContext } from "../log/mod.ts";
import type { IslandAssets } from "./bundle.ts";
import { type Manifest } from "./manifest.ts";
import { renderErrorPage, renderPage } from "./page.ts";
import {
  type HandlerFn,
  type Method,
  METHODS,
  type RouteContext,
  type RouteModule,
} from "./route.ts";
import { compareRoutePatterns, routePattern } from "./route_path.ts";
import { registerIslands } from "./islands_render.ts";
import { serveStatic } from "./static_files.ts";
import { islandName } from "./manifest.ts";
import { jsonError } from "./http_error.ts";
import { securityHeaders } from "./security_headers.ts";

/** Options for {@linkcode createApp}. */
export interface AppOptions<State> {
  manifest: Manifest;
  /** Shared application state handed to every handler as `ctx.state`. */
  state: State;
  /** Built island bundles; null renders islands server-side only (no hydration). */
  assets: IslandAssets | null;
  /** Directory served as static files (absolute). */
  staticDir: string;
  /** Largest accepted request body in bytes (413 beyond). Default 256 KiB. */
  maxBodyBytes?: number;
  /** Paths that stream their own large bodies and enforce their own cap (uploads). */
  bodyLimitExempt?: (path: string) => boolean;
  /** Production hides error details from clients. */
  production?: boolean;
  /** Called once per response, for metrics; `route` is the matched pattern. */
  onResponse?: (info: ResponseInfo) => void;
}

/** What {@linkcode AppOptions.onResponse} learns about each response. */
export interface ResponseInfo {
  /** The route pattern (`/api/chat`), `static`, or `unmatched` — never the raw path. */
  route: string;
  method: string;
  status: number;
  durationMs: number;
}

const log = getLogger(["lorechat", "http"]);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

type Env = { Bindings: { remoteAddr?: { hostname?: string } } };

/** Builds the Hono app for a manifest. Hand its `fetch` to `Deno.serve`. */
export function createApp<State>(options: AppOptions<State>): Hono<Env> {
  const { manifest, state, assets, staticDir } = options;
  const production = options.production ?? false;
  const app = new Hono<Env>();
  const routes = manifest.routes as Record<string, RouteModule<State>>;
  const special = (name: string) => routes[`routes/${name}.tsx`] ?? routes[`routes/${name}.ts`];
  const appWrapper = special("_app")?.default;
  const notFoundPage = special("_404")?.default;
  const errorPage = special("_500")?.default;
  registerIslands(
    Object.fromEntries(
      Object.entries(manifest.islands).map(([path, mod]) => [islandName(path), mod.default]),
    ),
  );
  const pageDeps = { appWrapper, assets, state };

  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId" as never, requestId as never);
    const started = performance.now();
    await withLogContext({ requestId }, async () => {
      await next();
      const status = c.res.status;
      const fields = {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      options.onResponse?.({
        route: (c.get("route" as never) as string | undefined) ?? "unmatched",
        method: c.req.method,
        status,
        durationMs: fields.durationMs,
      });
      if (status >= 500) log.error("{method} {path} {status} {durationMs}ms [{requestId}]", fields);
      else log.info("{method} {path} {status} {durationMs}ms [{requestId}]", fields);
    });
    c.res.headers.set("x-request-id", requestId);
    securityHeaders(c.res.headers, production);
  });
  app.use("*", compress());
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 256 * 1024,
    onError: (c) =>
      c.req.path.startsWith("/v1/")
        // OpenAI clients read `type` too; keep their error shape on the compatible face.
        ? Response.json({
          error: {
            message: "The request body is too large.",
            type: "invalid_request_error",
            code: "payload_too_large",
            param: null,
          },
        }, { status: 413 })
        : jsonError(413, "payload_too_large", "The request body is too large."),
  });
  app.use("*", (c, next) => options.bodyLimitExempt?.(c.req.path) ? next() : limit(c, next));

  app.on(["GET", "HEAD"], "/*", async (c, next) => {
    const res = await serveStatic(staticDir, c.req.path, c.req.raw);
    if (res) {
      c.set("route" as never, "static" as never);
      return res;
    }
    await next();
  });

  const patterns = Object.entries(routes)
    .map(([path, mod]) => ({ pattern: routePattern(path.replace(/^routes\//, "")), mod }))
    .filter((r): r is { pattern: string; mod: RouteModule<State> } => r.pattern !== null)
    .sort((a, b) => compareRoutePatterns(a.pattern, b.pattern));

  for (const { pattern, mod } of patterns) {
    const handlers = methodHandlers(mod);
    for (const [method, handler] of Object.entries(handlers)) {
      app.on(method, pattern, (c) => {
        c.set("route" as never, pattern as never);
        const ctx = routeContext(
          c,
          state,
          (data, init) =>
            renderPage({
              ...pageDeps,
              page: mod.default,
              data,
              url: new URL(c.req.url),
              params: c.req.param() as Record<string, string>,
            }, init),
        );
        return handler(ctx);
      });
    }
    const allowed = Object.keys(handlers);
    if (!allowed.includes("HEAD") && allowed.includes("GET")) allowed.push("HEAD");
    app.all(
      pattern,
      () =>
        jsonError(405, "method_not_allowed", "This method is not allowed here.", {
          allow: allowed.join(", "),
        }),
    );
  }

  app.notFound((c) => {
    if (c.req.path.startsWith("/api/") || c.req.path.startsWith("/v1/")) {
      return jsonError(404, "not_found", "No such endpoint.");
    }
    return renderErrorPage(
      { ...pageDeps, page: notFoundPage },
      { url: new URL(c.req.url), status: 404, message: "Page not found" },
    );
  });

  app.onError((error, c) => {
    log.error("unhandled error on {method} {path}: {error}", {
      method: c.req.method,
      path: c.req.path,
      error,
    });
    const message = production ? "Something went wrong." : String(error?.stack ?? error);
    if (c.req.path.startsWith("/api/") || c.req.path.startsWith("/v1/")) {
      return jsonError(500, "internal_error", production ? message : String(error));
    }
    return renderErrorPage(
      { ...pageDeps, page: errorPage },
      { url: new URL(c.req.url), status: 500, message },
    );
  });
  return app;
}

/** The handler for each method a route answers. A page without handler answers GET. */
function methodHandlers<State>(mod: RouteModule<State>): Partial<Record<Method, HandlerFn<State>>> {
  const { handler } = mod;
  if (typeof handler === "function") {
    return Object.fromEntries(METHODS.map((m) => [m, handler]));
  }
  const out: Partial<Record<Method, HandlerFn<State>>> = { ...handler };
  if (!out.GET && mod.default) out.GET = (ctx) => ctx.render(undefined);
  return out;
}

function routeContext<State>(
  c: Context<Env>,
  state: State,
  render: RouteContext<State>["render"],
): RouteContext<State> {
  // The URL and the params are made when a handler reads them (most API handlers don't).
  let url: URL | undefined;
  let params: Record<string, string> | undefined;
  return {
    req: c.req.raw,
    get url() {
      return url ??= new URL(c.req.url);
    },
    get params() {
      return params ??= c.req.param() as Record<string, string>;
    },
    state,
    requestId: c.get("requestId" as never) as string,
    remoteAddr: c.env?.remoteAddr?.hostname ?? "unknown",
    render,
  };
}
