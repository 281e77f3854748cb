/**
 * Conversation history in the browser's storage (the server stays stateless): an
 * index of summaries under one key and each conversation under its own, so listing is
 * cheap. Whatever is read back is validated; when storage is full the oldest
 * conversations make room.
 *
 * @module
 */
import { type Conversation, normaliseConversation } from "./conversation.ts";

/** The part of the Web Storage API this store needs (`localStorage` fits). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** One line of the history list. */
export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

/** Saved conversations. */
export interface HistoryStore {
  /** Summaries, most recently updated first. */
  list(): ConversationSummary[];
  get(id: string): Conversation | null;
  /** Saves (or replaces) a conversation; false when storage refused it even after pruning. */
  save(conversation: Conversation): boolean;
  rename(id: string, title: string): void;
  remove(id: string): void;
  /** Removes every conversation. */
  clear(): void;
}

/** Options for {@linkcode createHistoryStore}. */
export interface HistoryOptions {
  /** Key prefix. Default `"lorechat:"`. */
  prefix?: string;
  /** Most conversations kept; the oldest go first. Default 100. */
  maxConversations?: number;
}

/** A storage that lives in memory (server rendering, or when storage is disabled). */
export function memoryStorage(): StorageLike {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

/**
 * Creates a history store over `storage`.
 *
 * @example
 * ```ts
 * import { createHistoryStore, memoryStorage } from "./history.ts";
 * const history = createHistoryStore(memoryStorage());
 * history.save({ id: "a", title: "Hi", createdAt: 1, updatedAt: 1, messages: [{ role: "user", content: "Hi" }] });
 * // history.list() is [{ id: "a", title: "Hi", updatedAt: 1 }]
 * ```
 */
export function createHistoryStore(
  storage: StorageLike,
  options: HistoryOptions = {},
): HistoryStore {
  const prefix = options.prefix ?? "lorechat:";
  const max = options.maxConversations ?? 100;
  const indexKey = `${prefix}index`;
  const keyOf = (id: string) => `${prefix}c:${id}`;

  const readIndex = (): ConversationSummary[] => {
    try {
      const parsed = JSON.parse(storage.getItem(indexKey) ?? "[]");
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((s) =>
        s && typeof s.id === "string" && typeof s.title === "string" &&
        typeof s.updatedAt === "number"
      ).map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
    } catch {
      return [];
    }
  };
  const writeIndex = (index: ConversationSummary[]) => {
    index.sort((a, b) => b.updatedAt - a.updatedAt);
    storage.setItem(indexKey, JSON.stringify(index));
  };
  const get = (id: string): Conversation | null => {
    try {
      const c = normaliseConversation(JSON.parse(storage.getItem(keyOf(id)) ?? "null"));
      return c ? { ...c, id } : null;
    } catch {
      return null;
    }
  };
  const remove = (id: string) => {
    storage.removeItem(keyOf(id));
    writeIndex(readIndex().filter((s) => s.id !== id));
  };

  return {
    list: () => readIndex().sort((a, b) => b.updatedAt - a.updatedAt),
    get,
    save(conversation) {
      const { id, title, updatedAt } = conversation;
      for (let attempt = 0; attempt < 6; attempt++) {
        try {
          storage.setItem(keyOf(id), JSON.stringify(conversation));
          const index = readIndex().filter((s) => s.id !== id);
          index.unshift({ id, title, updatedAt });
          writeIndex(index);
          for (const old of readIndex().slice(max)) remove(old.id);
          return true;
        } catch {
          // Storage is full: drop the oldest other conversation and try again.
          const oldest = readIndex().filter((s) => s.id !== id).at(-1);
          if (!oldest) return false;
          remove(oldest.id);
        }
      }
      return false;
    },
    rename(id, title) {
      const c = get(id);
      const name = title.trim().slice(0, 120);
      if (!c || !name) return;
      storage.setItem(keyOf(id), JSON.stringify({ ...c, title: name }));
      writeIndex(readIndex().map((s) => (s.id === id ? { ...s, title: name } : s)));
    },
    remove,
    clear() {
      for (const s of readIndex()) storage.removeItem(keyOf(s.id));
      storage.removeItem(indexKey);
    },
  };
}
