/**
 * Server-side island marking. While a page renders, every vnode whose type is an
 * island component is wrapped in a `<lorechat-island>` element that remembers the
 * island's name and props; the props are then serialised into one inert JSON script
 * that the browser runtime hydrates from. Pages that render no island ship no script.
 *
 * @module
 */
import { type ComponentType, h, options, type VNode } from "preact";

/** An island rendered on a page, in order of appearance. */
export interface RenderedIsland {
  name: string;
  props: Record<string, unknown>;
}

const islandNames = new Map<ComponentType<unknown>, string>();
let collector: RenderedIsland[] | null = null;

/** Registers island components (from the manifest) so the renderer can find them. */
export function registerIslands(islands: Record<string, ComponentType<unknown>>): void {
  for (const [name, component] of Object.entries(islands)) islandNames.set(component, name);
}

const ISLAND_PROPS = Symbol("island");

interface MarkerProps {
  [ISLAND_PROPS]: { name: string; index: number; component: ComponentType<unknown> };
  [key: string]: unknown;
}

function IslandMarker(props: MarkerProps): VNode<unknown> {
  const { name, index, component } = props[ISLAND_PROPS];
  const { [ISLAND_PROPS]: _marker, ...rest } = props;
  // Create the island's own vnode with collection paused, or the hook would wrap it again.
  const previous = collector;
  collector = null;
  const island = h(component, rest);
  collector = previous;
  return h(
    "lorechat-island",
    { "data-island": name, "data-index": String(index) },
    island,
  ) as VNode<
    unknown
  >;
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode) => {
  if (collector && typeof vnode.type === "function") {
    const name = islandNames.get(vnode.type as ComponentType<unknown>);
    if (name) {
      const props = vnode.props as Record<string, unknown>;
      assertSerialisable(name, props);
      const index = collector.length;
      collector.push({ name, props: { ...props } });
      const component = vnode.type as ComponentType<unknown>;
      vnode.type = IslandMarker as ComponentType<unknown>;
      const marker: MarkerProps = { ...props, [ISLAND_PROPS]: { name, index, component } };
      // deno-lint-ignore no-explicit-any
      (vnode as VNode<any>).props = marker;
    }
  }
  previousVnodeHook?.(vnode);
};

/** Island props must survive JSON: functions, vnodes and cycles are refused loudly. */
function assertSerialisable(name: string, props: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(props)) {
    if (key === "children" && value === undefined) continue;
    if (typeof value === "function" || (value && typeof value === "object" && "__k" in value)) {
      throw new TypeError(`island ${name}: prop "${key}" is not serialisable`);
    }
  }
}

/**
 * Runs a synchronous render while collecting the islands it creates. Rendering must be
 * synchronous (preact-render-to-string's `render`) so collections never interleave.
 */
export function collectIslands<T>(renderFn: () => T): { result: T; islands: RenderedIsland[] } {
  const previous = collector;
  const islands: RenderedIsland[] = [];
  collector = islands;
  try {
    return { result: renderFn(), islands };
  } finally {
    collector = previous;
  }
}

/**
 * JSON for embedding in `<script type="application/json">`: `<`, `>`, `&` and the
 * JavaScript line separators are escaped, so no prop value can close the script
 * element or start markup, whatever it contains.
 */
export function serialiseForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
