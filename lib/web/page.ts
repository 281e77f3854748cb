/**
 * Page rendering: the route's component inside `_app`, rendered to a string, with the
 * island payload and runtime appended only when the page rendered an island.
 *
 * @module
 */
import { type ComponentType, h, type VNode } from "preact";
import { render } from "preact-render-to-string";
import type { IslandAssets } from "./bundle.ts";
import { collectIslands, type RenderedIsland, serialiseForScript } from "./islands_render.ts";
import type { AppProps, ErrorPageProps } from "./route.ts";

/** What rendering a page needs besides the page itself. */
export interface PageDeps<State> {
  // deno-lint-ignore no-explicit-any
  appWrapper?: ComponentType<AppProps<any>>;
  assets: IslandAssets | null;
  state: State;
}

/** Renders a route's page component with its data. */
export function renderPage<State>(
  deps: PageDeps<State> & {
    // deno-lint-ignore no-explicit-any
    page?: ComponentType<any>;
    data: unknown;
    url: URL;
    params: Record<string, string>;
  },
  init?: ResponseInit,
): Response {
  if (!deps.page) throw new Error(`route ${deps.url.pathname} has no page component to render`);
  const page = deps.page;
  const props = { data: deps.data, url: deps.url, params: deps.params, state: deps.state };
  return htmlResponse(deps, () => h(page, props), deps.url, init);
}

/** Renders `_404` / `_500` (or a plain fallback) with the given status. */
export function renderErrorPage<State>(
  // deno-lint-ignore no-explicit-any
  deps: PageDeps<State> & { page?: ComponentType<any> },
  props: ErrorPageProps,
): Response {
  const page = deps.page ?? FallbackErrorPage;
  return htmlResponse(deps, () => h(page, props), props.url, { status: props.status });
}

function FallbackErrorPage(props: ErrorPageProps) {
  return h("main", null, h("h1", null, String(props.status)), h("p", null, props.message));
}

function htmlResponse<State>(
  deps: PageDeps<State>,
  content: () => ReturnType<typeof h>,
  url: URL,
  init?: ResponseInit,
): Response {
  // deno-lint-ignore no-explicit-any
  const tree: VNode<any> = deps.appWrapper
    ? h(deps.appWrapper, { Component: content, url, state: deps.state })
    : h("html", null, h("body", null, content()));
  const { result, islands } = collectIslands(() => render(tree));
  const html = "<!DOCTYPE html>" + injectIslandScripts(result, islands, deps.assets);
  const headers = new Headers(init?.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  return new Response(html, { ...init, headers });
}

/** Appends the islands' props and runtime before `</body>`; pages without islands get none. */
export function injectIslandScripts(
  html: string,
  islands: RenderedIsland[],
  assets: IslandAssets | null,
): string {
  if (islands.length === 0 || !assets) return html;
  const names = [...new Set(islands.map((i) => i.name))];
  const modules = Object.fromEntries(names.map((n) => [n, assets.modules[n]]));
  const payload = serialiseForScript({ modules, props: islands.map((i) => i.props) });
  const preloads = [
    ...new Set(names.flatMap((n) => [assets.modules[n], ...assets.preload[n] ?? []])),
  ]
    .filter(Boolean)
    .map((href) => `<link rel="modulepreload" href="${href}">`)
    .join("");
  const scripts =
    `${preloads}<script type="application/json" id="__lorechat_islands">${payload}</script>` +
    `<script type="module" src="${assets.boot}"></script>`;
  const at = html.lastIndexOf("</body>");
  return at === -1 ? html + scripts : html.slice(0, at) + scripts + html.slice(at);
}
