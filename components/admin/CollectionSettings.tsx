import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import {
  adminCall,
  type AdminCollection,
  AdminError,
  collectionPath,
} from "../../lib/ui/admin_api.ts";

/** Props of {@linkcode CollectionSettings}. */
export interface CollectionSettingsProps {
  collection: AdminCollection;
  onChanged: () => void;
  onDeleted: () => void;
}

/** Rename, describe, persona and suggestions of a collection; deleting asks for its name. */
export function CollectionSettings({ collection, onChanged, onDeleted }: CollectionSettingsProps) {
  const title = useSignal(collection.title);
  const description = useSignal(collection.description);
  const persona = useSignal(collection.persona);
  const suggestions = useSignal(collection.suggestions.join("\n"));
  const typed = useSignal("");
  const message = useSignal("");
  useEffect(() => {
    title.value = collection.title;
    description.value = collection.description;
    persona.value = collection.persona;
    suggestions.value = collection.suggestions.join("\n");
    typed.value = "";
    message.value = "";
  }, [collection.name]);

  const run = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      message.value = err instanceof AdminError ? err.message : String(err);
    }
  };
  const save = () =>
    run(async () => {
      await adminCall(collectionPath(collection.name), {
        method: "PATCH",
        json: {
          title: title.value,
          description: description.value,
          persona: persona.value,
          suggestions: suggestions.value.split("\n").map((s) => s.trim()).filter(Boolean),
        },
      });
      message.value = "Saved.";
      onChanged();
    });
  const remove = () =>
    run(async () => {
      await adminCall(collectionPath(collection.name), { method: "DELETE" });
      onDeleted();
    });
  const field = (id: string, label: string, value: typeof title, multiline = false) => (
    <div class="admin-field">
      <label for={id}>{label}</label>
      {multiline
        ? (
          <textarea
            id={id}
            rows={3}
            value={value.value}
            onInput={(e) => (value.value = e.currentTarget.value)}
          />
        )
        : (
          <input
            id={id}
            value={value.value}
            onInput={(e) => (value.value = e.currentTarget.value)}
          />
        )}
    </div>
  );

  return (
    <section class="admin-card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {field("c-title", "Title", title)}
        {field("c-description", "Description", description, true)}
        {field("c-persona", "Persona (added to the model's instructions)", persona, true)}
        {field("c-suggestions", "Suggested questions (one per line)", suggestions, true)}
        <button type="submit" class="btn-primary">Save</button>
        <span class="admin-hint" role="status">{message.value}</span>
      </form>
      {collection.name !== "default" && (
        <form
          class="admin-delete"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.value === collection.name) remove();
          }}
        >
          <label for="c-delete">
            To delete this collection and everything in it, type its name ({collection.name})
          </label>
          <div class="admin-row">
            <input
              id="c-delete"
              value={typed.value}
              autoComplete="off"
              onInput={(e) => (typed.value = e.currentTarget.value)}
            />
            <button type="submit" class="btn-danger" disabled={typed.value !== collection.name}>
              Delete collection
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
