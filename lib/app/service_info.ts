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

/** Builds the service description; throws when the store cannot answer in `timeoutMs`. */
export async function describeService(
  state: Pick<AppState, "store" | "chat" | "version">,
  signal: AbortSignal,
  timeoutMs = 3_000,
): Promise<ServiceInfo> {
  const { store, chat, version } = state;
  const providers = chat?.providers() ?? [];
  if (!store) return { version, collection: null, providers, suggestions: [] };
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
    suggestions: suggestQuestions(documents.map((d) => d.title), 4, hourSeed),
  };
}
