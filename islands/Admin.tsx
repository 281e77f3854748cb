import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { adminCall, type AdminCollection, AdminError } from "../lib/ui/admin_api.ts";
import { SignIn } from "../components/admin/SignIn.tsx";
import { CollectionSettings } from "../components/admin/CollectionSettings.tsx";
import { Uploader } from "../components/admin/Uploader.tsx";
import { Documents } from "../components/admin/Documents.tsx";

/** Props of the admin island (none needed: it asks the API). */
export type AdminProps = Record<string, never>;

/** The admin area: sign-in, collections, sources and their jobs, documents. */
export default function Admin(_props: AdminProps) {
  const signedIn = useSignal<boolean | null>(null);
  const collections = useSignal<AdminCollection[]>([]);
  const selected = useSignal("default");
  const version = useSignal(0);
  const newName = useSignal("");
  const newTitle = useSignal("");
  const message = useSignal("");

  const refresh = async () => {
    try {
      const data = await adminCall<{ collections: AdminCollection[] }>("/api/collections");
      collections.value = data.collections;
      signedIn.value = true;
    } catch (err) {
      if (err instanceof AdminError && err.status === 401) signedIn.value = false;
      else message.value = err instanceof AdminError ? err.message : String(err);
    }
  };
  useEffect(() => {
    selected.value = new URLSearchParams(location.search).get("collection") ?? "default";
    refresh();
  }, []);

  if (signedIn.value === null) return <p class="admin-hint">Loading…</p>;
  if (!signedIn.value) return <SignIn onSignedIn={refresh} />;
  const current = collections.value.find((c) => c.name === selected.value) ??
    collections.value[0];

  return (
    <div class="admin">
      <div class="admin-top">
        <h1>Admin</h1>
        <button
          type="button"
          onClick={async () => {
            await adminCall("/api/admin/session", { method: "DELETE" });
            signedIn.value = false;
          }}
        >
          Sign out
        </button>
      </div>
      <div class="admin-layout">
        <nav class="admin-card admin-collections" aria-labelledby="collections-heading">
          <h2 id="collections-heading">Collections</h2>
          <ul>
            {collections.value.map((c) => (
              <li key={c.name}>
                <button
                  type="button"
                  class={c.name === current?.name ? "admin-pick is-current" : "admin-pick"}
                  aria-current={c.name === current?.name ? "true" : undefined}
                  onClick={() => (selected.value = c.name)}
                >
                  <strong>{c.title}</strong>
                  <span class="admin-hint">{c.name} · {c.documents} pages</span>
                </button>
              </li>
            ))}
          </ul>
          <form
            class="admin-new"
            onSubmit={async (e) => {
              e.preventDefault();
              message.value = "";
              try {
                const name = newName.value.trim();
                await adminCall("/api/collections", {
                  method: "POST",
                  json: {
                    name,
                    ...(newTitle.value.trim() ? { title: newTitle.value.trim() } : {}),
                  },
                });
                newName.value = newTitle.value = "";
                selected.value = name;
                await refresh();
              } catch (err) {
                message.value = err instanceof AdminError ? err.message : String(err);
              }
            }}
          >
            <h3>New collection</h3>
            <label for="new-name">Name (used in links)</label>
            <input
              id="new-name"
              required
              pattern="[a-z0-9][a-z0-9\-]*"
              placeholder="lantern-college"
              value={newName.value}
              onInput={(e) => (newName.value = e.currentTarget.value)}
            />
            <label for="new-title">Title</label>
            <input
              id="new-title"
              placeholder="The Lantern College"
              value={newTitle.value}
              onInput={(e) => (newTitle.value = e.currentTarget.value)}
            />
            <button type="submit" class="btn-primary">Create</button>
            {message.value && <p class="admin-error" role="alert">{message.value}</p>}
          </form>
        </nav>
        {current && (
          <div class="admin-main">
            <p class="admin-hint">
              <a href={current.name === "default" ? "/" : `/c/${current.name}`}>
                Open the chat of {current.title}
              </a>{" "}
              · OpenAI-compatible model <code>lorechat/{current.name}</code>
            </p>
            <Uploader
              collection={current.name}
              onJobDone={() => {
                version.value++;
                refresh();
              }}
            />
            <Documents collection={current.name} version={version.value} />
            <CollectionSettings
              collection={current}
              onChanged={refresh}
              onDeleted={() => {
                selected.value = "default";
                refresh();
              }}
            />
          </div>
        )}
      </div>
    </div>
  );
}
