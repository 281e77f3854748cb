/**
 * Static files from `static/`: safe path resolution (no traversal, no dotfiles),
 * content types, ETags, and `immutable` caching for content-hashed island bundles.
 *
 * @module
 */

const CONTENT_TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  json: "application/json; charset=utf-8",
  map: "application/json; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  html: "text/html; charset=utf-8",
  woff2: "font/woff2",
  webmanifest: "application/manifest+json",
};

/**
 * Maps a URL path to a file path under `dir`, or null when the path could escape it or
 * names a hidden file. Decoding happens once, before the checks.
 */
export function resolveStaticPath(dir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((s) => s.length > 0);
  if (segments.length === 0) return null;
  if (segments.some((s) => s === ".." || s === "." || s.startsWith("."))) return null;
  return `${dir}/${segments.join("/")}`;
}

/** Serves `urlPath` from `dir`, or returns null when there is no such file. */
export async function serveStatic(
  dir: string,
  urlPath: string,
  req: Request,
): Promise<Response | null> {
  const path = resolveStaticPath(dir, urlPath);
  if (!path) return null;
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(path);
  } catch {
    return null;
  }
  if (!stat.isFile) return null;
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const etag = `W/"${stat.size.toString(36)}-${(stat.mtime?.getTime() ?? 0).toString(36)}"`;
  const hashed = /\/_islands\/[^/]+-[A-Z0-9]{8,}\.js$/.test(path);
  const headers = new Headers({
    "content-type": CONTENT_TYPES[ext] ?? "application/octet-stream",
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "public, max-age=300",
    etag,
  });
  if (req.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers });
  }
  if (req.method === "HEAD") {
    headers.set("content-length", String(stat.size));
    return new Response(null, { headers });
  }
  const body = await Deno.readFile(path);
  return new Response(body, { headers });
}
