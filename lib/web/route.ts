/**
 * What a route module may export, Fresh-style: an optional `handler` (one function, or
 * an object of HTTP-method functions) and an optional default page component that
 * receives the handler's data through `ctx.render(data)`.
 *
 * @module
 */
import type { ComponentType, VNode } from "preact";

/** HTTP methods a handler object may define. */
export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
/** One of {@linkcode METHODS}. */
export type Method = typeof METHODS[number];

/** The object every handler receives: request, params, app state and rendering. */
export interface RouteContext<State, Data = unknown> {
  req: Request;
  url: URL;
  params: Record<string, string>;
  /** Application state: configuration and services, shared by every request. */
  state: State;
  /** This request's id (also sent as `X-Request-Id`). */
  requestId: string;
  /** The client's address as seen by the server (for rate limiting). */
  remoteAddr: string;
  /** Renders the route's page component with `data`, wrapped by `_app`. */
  render(data?: Data, init?: ResponseInit): Response;
}

/** One handler function. */
export type HandlerFn<State, Data = unknown> = (
  ctx: RouteContext<State, Data>,
) => Response | Promise<Response>;

/** A route's `handler` export: one function for every method, or one per method. */
export type Handlers<State, Data = unknown> =
  | HandlerFn<State, Data>
  | Partial<Record<Method, HandlerFn<State, Data>>>;

/** Props of a page component. */
export interface PageProps<State, Data = unknown> {
  data: Data;
  url: URL;
  params: Record<string, string>;
  state: State;
}

/** Props of `routes/_app.tsx`: the page to wrap. */
export interface AppProps<State> {
  Component: () => VNode | null;
  url: URL;
  state: State;
  /** Page title set by the route via `ctx.render`'s data, when it has one. */
  title?: string;
}

/** Props of `routes/_404.tsx` and `routes/_500.tsx`. */
export interface ErrorPageProps {
  url: URL;
  status: number;
  message: string;
}

/** A route module as imported by the manifest. */
export interface RouteModule<State, Data = unknown> {
  handler?: Handlers<State, Data>;
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any>;
}

/**
 * Typed helpers so a route's handler and page agree on their data, as Fresh 2's
 * `createDefine<State>()` does.
 *
 * @example
 * ```ts
 * import { createDefine } from "./route.ts";
 * const define = createDefine<{ greeting: string }>();
 * export const handler = define.handlers({ GET: (ctx) => ctx.render({ who: "you" }) });
 * ```
 */
export function createDefine<State>() {
  return {
    handlers<Data = unknown>(handlers: Handlers<State, Data>): Handlers<State, Data> {
      return handlers;
    },
    page<Data = unknown>(
      page: ComponentType<PageProps<State, Data>>,
    ): ComponentType<PageProps<State, Data>> {
      return page;
    },
  };
}
