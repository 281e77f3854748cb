import assert from "node:assert/strict";
import { createNoEmbedder } from "../embeddings/mod.ts";
import { createChatService } from "../rag/mod.ts";
import { memoryStore, scriptedProvider } from "../../tests/support/doubles.ts";
import type { SourceEntry } from "../ingest/mod.ts";
import { JobRunner } from "./job_runner.ts";
import { JobStore } from "./job_store.ts";
import { openRegistryDatabase } from "./registry.ts";
import { CollectionService } from "./service.ts";

function setUp() {
  const db = openRegistryDatabase(":memory:");
  const store = memoryStore();
  const chat = createChatService({
    store,
    embedder: null,
    providers: { scripted: scriptedProvider() },
    defaultProvider: "scripted",
    retrieval: { topK: 4, maxPerPage: 2, minScore: 0 },
    maxTokens: 64,
    temperature: 0,
  });
  const collections = new CollectionService({
    db,
    defaultStore: store,
    defaultChat: chat,
    openStore: () => memoryStore(),
    dropStore: async () => {},
  });
  const jobs = new JobStore(db);
  const page = (id: string): SourceEntry => ({
    id,
    title: id,
    url: "",
    description: "",
    markdown: `# ${id}\n\nText of ${id}.`,
    contentHash: id,
    contentType: "text/markdown",
    source: id,
  });
  const runner = () =>
    new JobRunner({
      jobs,
      collections,
      embedder: createNoEmbedder(),
      chunkOptions: { size: 400, overlap: 0, unit: "chars" },
      crawl: async function* (url) {
        yield page(`${url}/a`);
        yield { failed: true, id: `${url}/b`, source: "b", reason: "HTTP 404" };
        yield page(`${url}/c`);
      },
      saveEveryMs: 0,
    });
  return { db, jobs, runner, collections, store };
}

Deno.test("a job counts pages done and failed, with reasons, and archives what it indexed", async () => {
  const { jobs, runner, collections, store } = setUp();
  const r = runner();
  const seen: string[] = [];
  const job = r.submit("default", { url: "https://w" });
  r.subscribe(job.id, (j) => seen.push(`${j.status}:${j.done}/${j.failed}`));
  await r.idle();
  const done = jobs.get(job.id)!;
  assert.equal(done.status, "done");
  assert.deepEqual([done.done, done.failed], [2, 1]);
  assert.deepEqual(done.failures, [{ id: "https://w/b", reason: "HTTP 404" }]);
  assert.ok(done.pagesPerSecond! > 0);
  assert.match(seen[0], /^running:/);
  assert.equal(seen.at(-1), "done:2/1");
  assert.equal((await store.info()).documents, 2);
  assert.ok(collections.pages.get("default", "https://w/a"));
});

Deno.test("after a restart, queued jobs run and running ones are marked interrupted", async () => {
  const { jobs, runner } = setUp();
  const queued = jobs.add("default", { url: "https://q" });
  const running = jobs.add("default", { url: "https://r" });
  jobs.start(running.id);
  const r = runner();
  r.recover();
  await r.idle();
  assert.equal(jobs.get(queued.id)!.status, "done");
  assert.equal(jobs.get(running.id)!.status, "interrupted");
  assert.match(jobs.get(running.id)!.failures.at(-1)!.reason, /server stopped/);
});

Deno.test("deleting a collection takes its jobs with it", async () => {
  const { jobs, collections } = setUp();
  collections.create("gone", {});
  const job = jobs.add("gone", { url: "https://g" });
  await collections.delete("gone");
  assert.equal(jobs.get(job.id), null);
});
