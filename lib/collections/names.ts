/**
 * Collection names: short, URL-safe slugs that become `/c/<name>`, `lorechat/<name>`,
 * a sqlite file name and an Upstash namespace — so they are checked in one place.
 *
 * @module
 */

/** The collection every LoreChat has: today's store, filled with the sample lore. */
export const DEFAULT_COLLECTION = "default";

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** Names a collection may not take: they would shadow a provider model id or a route. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  "openai",
  "bedrock",
  "extractive",
  "admin",
  "api",
  "new",
]);

/**
 * Why `name` cannot name a new collection, or null when it can.
 *
 * @example
 * ```ts
 * import { nameProblem } from "./names.ts";
 * console.assert(nameProblem("lantern-college") === null);
 * console.assert(nameProblem("../etc") !== null);
 * ```
 */
export function nameProblem(name: string): string | null {
  if (!NAME.test(name)) {
    return "a name is 1–40 lower-case letters, digits and inner hyphens (e.g. lantern-college)";
  }
  if (RESERVED_NAMES.has(name)) return `"${name}" is reserved`;
  return null;
}

/** Whether `name` is well-formed (reserved names included: they may exist as lookups). */
export function isWellFormedName(name: string): boolean {
  return NAME.test(name);
}
