import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { adminCall, AdminError, type AdminJob, collectionPath } from "../../lib/ui/admin_api.ts";
import { JobProgress } from "./JobProgress.tsx";

/** Props of {@linkcode Uploader}. */
export interface UploaderProps {
  collection: string;
  /** Called when a job finishes (the documents list refreshes). */
  onJobDone: () => void;
}

/** Follows a job over SSE until it ends. */
function useJob(collection: string, id: string | null, onDone: () => void) {
  const job = useSignal<AdminJob | null>(null);
  useEffect(() => {
    if (!id) return;
    const source = new EventSource(collectionPath(collection, `/jobs/${id}`));
    const take = (e: MessageEvent) => (job.value = JSON.parse(e.data));
    source.addEventListener("progress", take);
    source.addEventListener("done", (e) => {
      take(e as MessageEvent);
      source.close();
      onDone();
    });
    return () => source.close();
  }, [collection, id]);
  return job;
}

/** Add sources: drag-and-drop or pick files, or give a URL; the job's progress follows. */
export function Uploader({ collection, onJobDone }: UploaderProps) {
  const jobId = useSignal<string | null>(null);
  const error = useSignal("");
  const over = useSignal(false);
  const url = useSignal("");
  const job = useJob(collection, jobId.value, onJobDone);

  const submit = async (body: { files?: File[]; url?: string }) => {
    error.value = "";
    try {
      let init;
      if (body.files) {
        const form = new FormData();
        for (const f of body.files) form.append("files", f, f.name);
        init = { method: "POST", body: form };
      } else init = { method: "POST", json: { url: body.url } };
      const { job: started } = await adminCall<{ job: AdminJob }>(
        collectionPath(collection, "/sources"),
        init,
      );
      job.value = started;
      jobId.value = started.id;
    } catch (err) {
      error.value = err instanceof AdminError ? err.message : String(err);
    }
  };

  return (
    <section class="admin-card" aria-labelledby="add-sources">
      <h2 id="add-sources">Add sources</h2>
      <label
        class={over.value ? "admin-drop is-over" : "admin-drop"}
        onDragOver={(e) => {
          e.preventDefault();
          over.value = true;
        }}
        onDragLeave={() => (over.value = false)}
        onDrop={(e) => {
          e.preventDefault();
          over.value = false;
          const files = [...(e.dataTransfer?.files ?? [])];
          if (files.length) submit({ files });
        }}
      >
        <span>Drop files here, or choose them</span>
        <span class="admin-hint">
          HTML, Markdown, text, JSONL, PDF, DOCX, EPUB, MediaWiki dumps
        </span>
        <input
          type="file"
          multiple
          class="admin-file"
          aria-label="Files to upload"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = "";
            if (files.length) submit({ files });
          }}
        />
      </label>
      <form
        class="admin-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.value.trim()) submit({ url: url.value.trim() });
        }}
      >
        <label for="source-url" class="visually-hidden">Site or wiki URL to crawl</label>
        <input
          id="source-url"
          type="url"
          placeholder="https://wiki.example.org/"
          value={url.value}
          onInput={(e) => (url.value = e.currentTarget.value)}
        />
        <button type="submit">Crawl URL</button>
      </form>
      {error.value && <p class="admin-error" role="alert">{error.value}</p>}
      {job.value && <JobProgress job={job.value} />}
    </section>
  );
}
