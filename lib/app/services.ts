/**
 * The composition root: builds every service the routes use from the config, and
 * registers each dependency with readiness.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { AppState } from "./state.ts";

/** Services built from the config, plus how to release them. */
export interface Services {
  state: Partial<AppState>;
  close(): Promise<void>;
}

/** Builds the services the config asks for. */
export function createServices(_config: Config): Promise<Services> {
  return Promise.resolve({ state: { readiness: [] }, close: () => Promise.resolve() });
}
