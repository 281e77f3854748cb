/**
 * The browser half of islands: finds every `<lorechat-island>` the server rendered,
 * loads its bundle and hydrates it with the props serialised beside it. This file is
 * an esbuild entry point; it ships only on pages that render at least one island.
 */
import { h, hydrate } from "preact";

interface IslandPayload {
  modules: Record<string, string>;
  props: Record<string, unknown>[];
}

async function boot(): Promise<void> {
  const script = document.getElementById("__lorechat_islands");
  if (!script?.textContent) return;
  const payload = JSON.parse(script.textContent) as IslandPayload;
  const elements = document.querySelectorAll<HTMLElement>("lorechat-island[data-island]");
  await Promise.all([...elements].map(async (element) => {
    const name = element.dataset.island ?? "";
    const url = payload.modules[name];
    if (!url) throw new Error(`no bundle for island ${name}`);
    const module = await import(url);
    const props = payload.props[Number(element.dataset.index)] ?? {};
    hydrate(h(module.default, props), element);
    element.dataset.hydrated = "true";
  }));
  document.documentElement.dataset.hydrated = "true";
}

boot().catch((error) => console.error("island hydration failed", error));
