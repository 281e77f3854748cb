/**
 * A loopback web site for crawler tests, speaking plain HTTP/1.1 as a real server does:
 * pages with ETag / Last-Modified answered 304 to a matching conditional request,
 * redirects with `Location`, scripted failures (`429` with `Retry-After`, `503`), and a
 * log of every request it saw (path, host, status, User-Agent, validators sent).
 *
 * @module
 */

/** A page (or any file) the site serves. */
export interface FakePage {
  body?: string | Uint8Array;
  /** Default `text/html; charset=utf-8`. */
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Answer with this status (and no conditional handling). */
  status?: number;
  /** Redirect here (302) instead of serving a body. */
  redirect?: string;
}

/** One request as the site saw it. */
export interface SiteRequest {
  path: string;
  host: string;
  status: number;
  userAgent: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  /** Body bytes sent. */
  bytes: number;
}

/** A running fake site; `close` it when the test ends. */
export interface FakeSite {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  port: number;
  requests: SiteRequest[];
  /** Adds or replaces a page. */
  set(path: string, page: FakePage): void;
  /** Removes a page (it then answers 404). */
  remove(path: string): void;
  /** Answers the next `times` requests for `path` with `status` and extra headers. */
  failNext(path: string, times: number, status: number, headers?: Record<string, string>): void;
  /** Requests for `path` so far. */
  hits(path: string): SiteRequest[];
  close(): Promise<void>;
}

function notModified(page: FakePage, req: Request): boolean {
  const inm = req.headers.get("if-none-match");
  if (inm !== null) return page.etag !== undefined && inm.split(/\s*,\s*/).includes(page.etag);
  const ims = req.headers.get("if-modified-since");
  if (ims !== null && page.lastModified) {
    return Date.parse(page.lastModified) <= Date.parse(ims);
  }
  return false;
}

function bodySize(page: FakePage | undefined): number {
  if (!page?.body) return 0;
  return typeof page.body === "string"
    ? new TextEncoder().encode(page.body).length
    : page.body.length;
}

function answer(page: FakePage | undefined, req: Request): Response {
  if (!page) return new Response("not found", { status: 404 });
  if (page.redirect) {
    return new Response(null, { status: 302, headers: { location: page.redirect } });
  }
  const headers = new Headers({ "content-type": page.contentType ?? "text/html; charset=utf-8" });
  if (page.etag) headers.set("etag", page.etag);
  if (page.lastModified) headers.set("last-modified", page.lastModified);
  if (page.status) return new Response(page.body as BodyInit, { status: page.status, headers });
  if (notModified(page, req)) return new Response(null, { status: 304, headers });
  return new Response(page.body as BodyInit, { status: 200, headers });
}

/** Starts the site on 127.0.0.1 with `pages` keyed by path (query included). */
export function startFakeSite(pages: Record<string, FakePage> = {}): Promise<FakeSite> {
  const routes = new Map(Object.entries(pages));
  const failures = new Map<
    string,
    { times: number; status: number; headers: Record<string, string> }
  >();
  const requests: SiteRequest[] = [];
  const { promise, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => resolve(port),
  }, (req) => {
    const url = new URL(req.url);
    const path = url.pathname + url.search;
    const failure = failures.get(path);
    let response: Response;
    if (failure && failure.times > 0) {
      failure.times--;
      response = new Response("slow down", { status: failure.status, headers: failure.headers });
    } else {
      response = answer(routes.get(path), req);
    }
    requests.push({
      path,
      host: req.headers.get("host") ?? "",
      status: response.status,
      userAgent: req.headers.get("user-agent") ?? "",
      ifNoneMatch: req.headers.get("if-none-match"),
      ifModifiedSince: req.headers.get("if-modified-since"),
      bytes: response.status === 200 ? bodySize(routes.get(path)) : 0,
    });
    return response;
  });
  return promise.then((port) => ({
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    set: (path, page) => void routes.set(path, page),
    remove: (path) => void routes.delete(path),
    failNext: (path, times, status, headers = {}) =>
      void failures.set(path, { times, status, headers }),
    hits: (path) => requests.filter((r) => r.path === path),
    close: () => server.shutdown(),
  }));
}
