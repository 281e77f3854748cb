import assert from "node:assert/strict";
import { openSqliteStore } from "../../lib/vectorstore/mod.ts";
import type { VectorStore } from "../../lib/vectorstore/store.ts";
import {
  documentFromMarkdown,
  indexDocuments,
  type IndexOptions,
  readSourceTree,
} from "../../lib/ingest/mod.ts";
import { hashingEmbedder } from "./embedder_double.ts";

const SAMPLE = new URL("../../sample/lore", import.meta.url).pathname;

/** A copy of the sample corpus in a temp dir, so a test can edit and delete pages. */
async function copyCorpus(): Promise<{ dir: string; pages: string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-ingest-" });
  const pages: string[] = [];
  for await (const entry of Deno.readDir(SAMPLE)) {
    if (!entry.isFile || !entry.name.endsWith(".html")) continue;
    await Deno.copyFile(`${SAMPLE}/${entry.name}`, `${dir}/${entry.name}`);
    pages.push(entry.name.replace(/\.html$/, ""));
  }
  return { dir, pages: pages.sort() };
}

function options(store: VectorStore, embedder = hashingEmbedder()): IndexOptions {
  return { store, embedder, chunkOptions: { size: 600, overlap: 80, unit: "chars" } };
}

Deno.test("ingesting the corpus twice writes nothing the second time", async (t) => {
  const { dir, pages } = await copyCorpus();
  const store = openSqliteStore({ path: ":memory:", dimensions: 8 });
  const embedder = hashingEmbedder();
  try {
    const first = await indexDocuments(readSourceTree(dir), options(store, embedder));
    await t.step("the first run adds every page", async () => {
      assert.ok(pages.length >= 6);
      assert.equal(first.failed, 0, JSON.stringify(first.failures));
      assert.equal(first.indexed, pages.length);
      const info = await store.info();
      assert.equal(info.documents, pages.length);
      assert.equal(info.chunks, first.chunksAdded);
      assert.ok(info.lastIndexedAt);
    });
    await t.step("the second run finds everything unchanged and embeds nothing", async () => {
      const embedded = embedder.texts;
      const second = await indexDocuments(readSourceTree(dir), options(store, embedder));
      assert.equal(second.unchanged, pages.length);
      assert.equal(second.indexed + second.chunksAdded + second.chunksUpdated, 0);
      assert.equal(second.chunksDeleted, 0);
      assert.equal(embedder.texts, embedded);
    });
    await t.step("editing one page changes exactly its chunks", async () => {
      const page = pages[0];
      const before = await store.listDocuments();
      const oldIds = before.find((r) => r.documentId === page)!.chunkIds;
      const html = await Deno.readTextFile(`${dir}/${page}.html`);
      const addition = "<h2>Later years</h2>" +
        Array.from({ length: 6 }, (_, i) => `<p>In the later year ${i} the keepers rebuilt it.</p>`)
          .join("");
      await Deno.writeTextFile(
        `${dir}/${page}.html`,
        html.replace("</article>", `${addition}</article>`),
      );
      const third = await indexDocuments(readSourceTree(dir), options(store, embedder));
      const after = await store.listDocuments();
      const newIds = after.find((r) => r.documentId === page)!.chunkIds;
      const oldSet = new Set(oldIds);
      const newSet = new Set(newIds);
      assert.equal(third.indexed, 1);
      assert.equal(third.unchanged, pages.length - 1);
      assert.equal(third.chunksAdded, newIds.filter((id) => !oldSet.has(id)).length);
      assert.equal(third.chunksUpdated, newIds.filter((id) => oldSet.has(id)).length);
      assert.equal(third.chunksDeleted, oldIds.filter((id) => !newSet.has(id)).length);
      assert.ok(third.chunksAdded > 0, "the new section adds chunks");
      for (const record of after.filter((r) => r.documentId !== page)) {
        const old = before.find((r) => r.documentId === record.documentId)!;
        assert.deepEqual(record, old, `${record.documentId} is untouched`);
      }
      const hits = await store.query({ text: "keepers rebuilt later year", topK: 3 });
      assert.equal(hits[0].metadata.documentId, page);
      assert.equal((await store.info()).chunks, after.reduce((n, r) => n + r.chunkIds.length, 0));
    });
    await t.step("a deleted page is pruned with exactly its chunks", async () => {
      const gone = pages[1];
      const record = (await store.listDocuments()).find((r) => r.documentId === gone)!;
      await Deno.remove(`${dir}/${gone}.html`);
      const chunksBefore = (await store.info()).chunks;
      const fourth = await indexDocuments(readSourceTree(dir), {
        ...options(store, embedder),
        prune: true,
      });
      assert.equal(fourth.pruned, 1);
      assert.equal(fourth.chunksDeleted, record.chunkIds.length);
      assert.equal((await store.info()).chunks, chunksBefore - record.chunkIds.length);
      assert.equal(await store.getDocument(gone), null);
    });
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an out-of-order older version is skipped by a real store", async () => {
  const store = openSqliteStore({ path: ":memory:", dimensions: 8 });
  try {
    const newer = await documentFromMarkdown("varrow", "# Varrow\n\nThe walls are white now.");
    const older = await documentFromMarkdown("varrow", "# Varrow\n\nThe walls were grey.");
    await indexDocuments([{ ...newer, version: "0065A1B2C3D4E5F702" }], options(store));
    const report = await indexDocuments(
      [{ ...older, version: "0065A1B2C3D4E5F701" }],
      options(store),
    );
    assert.equal(report.outdated, 1);
    const hits = await store.query({ text: "walls", topK: 5 });
    assert.deepEqual(hits.map((h) => h.text), ["# Varrow\n\nThe walls are white now."]);
    assert.equal((await store.getDocument("varrow"))!.version, "0065A1B2C3D4E5F702");
  } finally {
    await store.close();
  }
});
