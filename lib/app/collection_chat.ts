/**
 * Which collection a request talks to: the default one (the app's own chat and store)
 * when it names none, a named one through the collections service, or none (404).
 *
 * @module
 */
import { type Collection, DEFAULT_COLLECTION, isWellFormedName } from "../collections/mod.ts";
import type { ChatService } from "../rag/mod.ts";
import type { VectorStore } from "../vectorstore/mod.ts";
import type { AppState } from "./state.ts";

/** A collection ready to chat with. */
export interface ResolvedCollection {
  name: string;
  chat: ChatService | null;
  store: VectorStore | null;
  /** Its record; null when collections are off (the default then has none). */
  collection: Collection | null;
}

/** The collection `name` names (default when absent), or null when there is none. */
export function resolveCollection(
  state: Pick<AppState, "chat" | "store" | "collections">,
  name?: string | null,
): ResolvedCollection | null {
  const wanted = name || DEFAULT_COLLECTION;
  const service = state.collections?.service;
  if (wanted === DEFAULT_COLLECTION) {
    const collection = service?.open(DEFAULT_COLLECTION)?.collection ?? null;
    return { name: wanted, chat: state.chat, store: state.store, collection };
  }
  if (!service || !isWellFormedName(wanted)) return null;
  const open = service.open(wanted);
  return open ? { name: wanted, ...open } : null;
}

/** The sentence a 404 for an unknown collection carries. */
export function unknownCollection(name: string): string {
  return `collection: there is no collection named "${name.slice(0, 64)}"`;
}
