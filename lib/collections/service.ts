/**
 * `CollectionService`: the collections as the routes use them — the registry, each
 * collection's store and chat (opened on first use and kept), the page archive and
 * the ingest jobs.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { type ChatDeps, type ChatService, createChatService } from "../rag/mod.ts";
import type { VectorStore } from "../vectorstore/mod.ts";
import { DEFAULT_COLLECTION, nameProblem } from "./names.ts";
import { PageArchive } from "./pages.ts";
import { type Collection, type CollectionFields, CollectionRegistry } from "./registry.ts";

/** An opened collection: its record, store and chat. */
export interface OpenCollection {
  collection: Collection;
  store: VectorStore;
  chat: ChatService;
}

/** What {@linkcode CollectionService} is built from. */
export interface CollectionServiceDeps {
  db: DatabaseSync;
  /** The default collection's store and chat (today's, built by the app). */
  defaultStore: VectorStore;
  defaultChat: ChatService;
  /** Opens a collection's store. */
  openStore(name: string): VectorStore;
  /** Removes what a deleted collection left behind (its folder or namespace). */
  dropStore(name: string, store: VectorStore): Promise<void>;
  /** Wraps each collection's chat (e.g. with metrics). */
  wrapChat?: (chat: ChatService) => ChatService;
  now?: () => Date;
}

/** Why a collection could not be created. */
export class CollectionError extends Error {
  constructor(readonly code: "invalid" | "exists" | "not_found", message: string) {
    super(message);
    this.name = "CollectionError";
  }
}

/** The collections of one LoreChat. */
export class CollectionService {
  readonly registry: CollectionRegistry;
  readonly pages: PageArchive;
  private readonly opened = new Map<string, OpenCollection>();

  constructor(private readonly deps: CollectionServiceDeps) {
    this.registry = new CollectionRegistry(deps.db, deps.now);
    this.pages = new PageArchive(deps.db, deps.now);
    this.registry.create(DEFAULT_COLLECTION, { title: "LoreChat" });
    const collection = this.registry.get(DEFAULT_COLLECTION)!;
    const chat = deps.defaultChat;
    applyCollection(chat.deps, collection);
    this.opened.set(DEFAULT_COLLECTION, { collection, store: deps.defaultStore, chat });
  }

  /** Every collection, the default first. */
  list(): Collection[] {
    return this.registry.list();
  }

  /** A collection opened for chatting and indexing, or null when there is none. */
  open(name: string): OpenCollection | null {
    const collection = this.registry.get(name);
    if (!collection) return null;
    const known = this.opened.get(name);
    if (known) {
      known.collection = collection;
      return known;
    }
    const store = this.deps.openStore(name);
    const base = this.deps.defaultChat.deps;
    const deps: ChatDeps = { ...base, store };
    applyCollection(deps, collection);
    const plain = createChatService(deps);
    const chat = this.deps.wrapChat?.(plain) ?? plain;
    const opened = { collection, store, chat };
    this.opened.set(name, opened);
    return opened;
  }

  /** Creates a collection. */
  create(name: string, fields: CollectionFields): Collection {
    const problem = nameProblem(name);
    if (problem) throw new CollectionError("invalid", `name: ${problem}`);
    const made = this.registry.create(name, fields);
    if (!made) throw new CollectionError("exists", `a collection named "${name}" exists`);
    return made;
  }

  /** Changes a collection's title, description, suggestions or persona. */
  update(name: string, fields: CollectionFields): Collection {
    const updated = this.registry.update(name, fields);
    if (!updated) throw new CollectionError("not_found", `no collection named "${name}"`);
    const open = this.opened.get(name);
    if (open) {
      open.collection = updated;
      applyCollection(open.chat.deps, updated);
    }
    return updated;
  }

  /** Deletes a collection, its store, pages and jobs. The default cannot be deleted. */
  async delete(name: string): Promise<void> {
    if (name === DEFAULT_COLLECTION) {
      throw new CollectionError("invalid", "the default collection cannot be deleted");
    }
    if (!this.registry.get(name)) {
      throw new CollectionError("not_found", `no collection named "${name}"`);
    }
    const store = this.opened.get(name)?.store ?? this.deps.openStore(name);
    this.opened.delete(name);
    this.registry.delete(name);
    await this.deps.dropStore(name, store);
  }

  /** Closes every store this service opened (not the default's). */
  async close(): Promise<void> {
    for (const [name, open] of this.opened) {
      if (name !== DEFAULT_COLLECTION) await open.store.close();
    }
    this.opened.clear();
  }
}

/** Points a chat at its collection: the persona and reader links. */
function applyCollection(deps: ChatDeps, collection: Collection): void {
  deps.persona = collection.persona || undefined;
  deps.readerBase = `/c/${collection.name}/sources/`;
}
