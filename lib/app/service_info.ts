/**
 * What this LoreChat knows and can use — the indexed collection, the providers a
 * reader may pick, and suggested questions — for `/api/info` and the chat page's empty
 * state alike.
 *
 * @module
 */
import type { ServiceInfo } from "../ui/mod.ts";
import type { AppState } from "./state.ts";
import { suggestQuestions } from "./suggestions.ts";
import type { ResolvedCollection } from "./collection_chat.ts";

/**
 * Builds the service description of `target` (the default collection when absent);
 * throws when the store cannot answer in `timeoutMs`.
 */
export async function describeService(
  state: Pick<AppState, "store" | "chat" | "version"> & Partial<Pick<AppState, "collections">>,
  signal: AbortSignal,
  timeoutMs = 3_000,
  target?: ResolvedCollection,
): Promise<ServiceInfo> {
  const { version } = state;
  const store = target ? target.store : state.store;
  const chat = target ? target.chat : state.chat;
  const providers = chat?.providers() ?? [];
  const named = collectionsOf(state, target);
  if (!store) return { version, collection: null, providers, suggestions: [], ...named };
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  const [info, documents] = await Promise.all([store.info(bounded), store.listDocuments(bounded)]);
  const hourSeed = Math.floor(Date.now() / 3_600_000);
  return {
    version,
    collection: {
      documents: info.documents,
      chunks: info.chunks,
      lastIndexedAt: info.lastIndexedAt,
    },
    providers,
    suggestions: target?.collection?.suggestions.length
      ? target.collection.suggestions.slice(0, 4)
      : suggestQuestions(documents.map((d) => d.title), 4, hourSeed),
    ...named,
  };
}

/** The collections to pick from and the one being described, when collections are on. */
function collectionsOf(
  state: Partial<Pick<AppState, "collections">>,
  target?: ResolvedCollection,
): Pick<ServiceInfo, "collections" | "current"> {
  const service = state.collections?.service;
  if (!service) return {};
  const current = target?.collection ?? service.open("default")?.collection;
  return {
    collections: service.list().map((c) => ({ name: c.name, title: c.title })),
    ...(current
      ? {
        current: {
          name: current.name,
          title: current.title,
          description: current.description,
          persona: current.persona,
        },
      }
      : {}),
  };
}
