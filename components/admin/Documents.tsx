import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import {
  adminCall,
  type AdminDocument,
  AdminError,
  collectionPath,
} from "../../lib/ui/admin_api.ts";

/** Props of {@linkcode Documents}. */
export interface DocumentsProps {
  collection: string;
  /** Changes when the list should be read again (a job finished). */
  version: number;
}

interface Chunk {
  position: number;
  heading: string;
  text: string;
}

/** The documents of a collection: search, pages of 25, chunks, re-index and delete. */
export function Documents({ collection, version }: DocumentsProps) {
  const query = useSignal("");
  const rows = useSignal<AdminDocument[]>([]);
  const next = useSignal<string | null>(null);
  const message = useSignal("");
  const chunks = useSignal<{ id: string; chunks: Chunk[] } | null>(null);
  const confirming = useSignal<string | null>(null);

  const load = async (cursor = "") => {
    try {
      const q = new URLSearchParams({ query: query.value, cursor });
      const page = await adminCall<{ documents: AdminDocument[]; next: string | null }>(
        collectionPath(collection, `/documents?${q}`),
      );
      rows.value = cursor ? [...rows.value, ...page.documents] : page.documents;
      next.value = page.next;
    } catch (err) {
      message.value = err instanceof AdminError ? err.message : String(err);
    }
  };
  useEffect(() => {
    load();
  }, [collection, version]);

  const docPath = (id: string) =>
    collectionPath(collection, `/documents/${encodeURIComponent(id)}`);
  const act = async (id: string, method: "POST" | "DELETE") => {
    try {
      await adminCall(docPath(id), { method });
      message.value = method === "DELETE" ? `Deleted ${id}.` : `Re-indexed ${id}.`;
      confirming.value = null;
      await load();
    } catch (err) {
      message.value = err instanceof AdminError ? err.message : String(err);
    }
  };
  const showChunks = async (id: string) => {
    if (chunks.value?.id === id) return (chunks.value = null);
    const data = await adminCall<{ chunks: Chunk[] }>(docPath(id));
    chunks.value = { id, chunks: data.chunks };
  };

  return (
    <section class="admin-card" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      <form
        class="admin-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label for="doc-query" class="visually-hidden">Search documents</label>
        <input
          id="doc-query"
          type="search"
          placeholder="Search by title or source"
          value={query.value}
          onInput={(e) => (query.value = e.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </form>
      <p class="admin-hint" role="status">{message.value}</p>
      {rows.value.length === 0
        ? <p class="admin-hint">No documents yet.</p>
        : (
          <ul class="admin-docs">
            {rows.value.map((d) => (
              <li key={d.id} class="admin-doc">
                <div class="admin-doc-main">
                  <a href={`/c/${collection}/sources/${encodeURIComponent(d.id)}`}>{d.title}</a>
                  <span class="admin-hint">
                    {d.source} · {d.chunks} {d.chunks === 1 ? "chunk" : "chunks"} · {d.status}
                    {d.indexedAt ? ` · ${d.indexedAt.slice(0, 16).replace("T", " ")}` : ""}
                  </span>
                </div>
                <div class="admin-doc-actions">
                  <button type="button" onClick={() => showChunks(d.id)}>
                    Chunks<span class="visually-hidden">of {d.title}</span>
                  </button>
                  <button type="button" onClick={() => act(d.id, "POST")}>
                    Re-index<span class="visually-hidden">{d.title}</span>
                  </button>
                  {confirming.value === d.id
                    ? (
                      <button type="button" class="btn-danger" onClick={() => act(d.id, "DELETE")}>
                        Confirm delete<span class="visually-hidden">{d.title}</span>
                      </button>
                    )
                    : (
                      <button type="button" onClick={() => (confirming.value = d.id)}>
                        Delete<span class="visually-hidden">{d.title}</span>
                      </button>
                    )}
                </div>
                {chunks.value?.id === d.id && (
                  <ol class="admin-chunks" start={0}>
                    {chunks.value.chunks.map((c) => (
                      <li key={c.position}>
                        <span class="admin-hint">{c.heading}</span>
                        <pre>{c.text}</pre>
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ul>
        )}
      {next.value && (
        <button type="button" onClick={() => load(next.value!)}>
          More documents
        </button>
      )}
    </section>
  );
}
