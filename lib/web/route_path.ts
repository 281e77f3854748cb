/**
 * File-route naming, as Fresh does it: `routes/index.tsx` → `/`,
 * `routes/api/health.ts` → `/api/health`, `routes/wiki/[slug].tsx` → `/wiki/:slug`,
 * `routes/files/[...path].ts` → `/files/*`. Files starting with `_` are special
 * (`_app`, `_404`, `_500`) and never become routes.
 *
 * @module
 */

/** Extensions a route module may have. */
export const ROUTE_EXTENSIONS = [".tsx", ".ts", ".jsx", ".js"] as const;

/**
 * Converts a path relative to `routes/` (with `/` separators) into a Hono pattern,
 * or null when the file is not a route (special `_` files, non-module files).
 *
 * @example
 * ```ts
 * import { routePattern } from "./route_path.ts";
 * console.assert(routePattern("api/[id].ts") === "/api/:id");
 * ```
 */
export function routePattern(relativePath: string): string | null {
  const ext = ROUTE_EXTENSIONS.find((e) => relativePath.endsWith(e));
  if (!ext) return null;
  const segments = relativePath.slice(0, -ext.length).split("/");
  if (segments.some((s) => s.startsWith("_") || s.startsWith("."))) return null;
  if (segments.some((s) => s.endsWith("_test") || s.endsWith(".test"))) return null;
  const parts: string[] = [];
  for (const [i, segment] of segments.entries()) {
    if (segment === "index" && i === segments.length - 1) continue;
    const rest = /^\[\.\.\.([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(segment);
    if (rest) {
      if (i !== segments.length - 1) return null;
      parts.push("*");
      continue;
    }
    const param = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(segment);
    if (param) parts.push(`:${param[1]}`);
    else if (/^[A-Za-z0-9._~-]+$/.test(segment)) parts.push(segment);
    else return null;
  }
  return "/" + parts.join("/");
}

/**
 * Orders patterns so static segments win over params and params over wildcards, the
 * way a reader expects (`/api/info` before `/api/:name` before `/api/*`).
 */
export function compareRoutePatterns(a: string, b: string): number {
  const rank = (segment: string) => segment === "*" ? 2 : segment.startsWith(":") ? 1 : 0;
  const sa = a.split("/");
  const sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const diff = rank(sa[i]) - rank(sb[i]);
    if (diff !== 0) return diff;
    if (sa[i] !== sb[i]) return sa[i] < sb[i] ? -1 : 1;
  }
  return sb.length - sa.length;
}
