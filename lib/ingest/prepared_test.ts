import assert from "node:assert/strict";
import { chunkDocument, documentLanguage, prepareChunks, usablePrepared } from "./prepared.ts";
import type { SourceDocument } from "./source_document.ts";
import { DEFAULT_ANALYZER } from "../vectorstore/term_analyzer.ts";
import { analyzeChunk, usableAnalysis } from "../vectorstore/chunk_analysis.ts";
import { chunkWordDigest } from "../text/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SETTINGS = { size: 600, overlap: 80, unit: "chars" as const };

function lore(): SourceDocument {
  const html = Deno.readTextFileSync(
    `${ROOT}sample/lore/${
      [...Deno.readDirSync(`${ROOT}sample/lore`)].find((e) => e.name.endsWith(".html"))!.name
    }`,
  );
  return {
    id: "lore/page",
    title: "A page",
    url: "https://lore.example/page",
    description: "",
    markdown: `# A page\n\n${html.replace(/<[^>]*>/g, " ")}`,
    contentHash: "h1",
    contentType: "text/markdown",
    source: "test",
  };
}

Deno.test("prepared chunks are the indexer's chunks, analysed in the document's language", () => {
  const doc = lore();
  const prepared = prepareChunks(doc, SETTINGS, { analyzer: DEFAULT_ANALYZER });
  assert.deepEqual(prepared.chunks, chunkDocument(doc, SETTINGS));
  assert.ok(prepared.chunks.length > 2);
  assert.equal(prepared.lang, documentLanguage(doc));
  assert.equal(prepared.analyses?.length, prepared.chunks.length);
  for (const a of prepared.analyses!) assert.ok(usableAnalysis(a, DEFAULT_ANALYZER, prepared.lang));
  assert.equal(prepareChunks(doc, SETTINGS).analyses, undefined, "no analyzer, no analyses");
});

Deno.test("prepared chunks carry the digests and terms the store would make", () => {
  const doc = lore();
  const prepared = prepareChunks(doc, SETTINGS, { analyzer: DEFAULT_ANALYZER });
  const { lang, chunks } = prepared;
  assert.equal(prepared.digests?.length, chunks.length);
  chunks.forEach((c, i) => {
    const digest = chunkWordDigest({ title: doc.title, heading: c.heading, text: c.text, lang });
    assert.ok(digest, "a digest");
    assert.equal(prepared.digests![i], digest);
    const own = analyzeChunk(DEFAULT_ANALYZER, doc.title, c.heading, c.text, lang);
    const terms = (a: typeof own) => [...a.ids].map((id, k) => [a.dictionary![id], a.counts[k]]);
    assert.deepEqual(terms(prepared.analyses![i]), terms(own));
    assert.equal(prepared.analyses![i].length, own.length);
  });
  assert.equal(prepareChunks(doc, SETTINGS).digests, undefined, "no analyzer, no digests");
});

Deno.test("prepared chunks made for another document or other settings are not used", () => {
  const doc = lore();
  const prepared = prepareChunks(doc, SETTINGS);
  assert.equal(usablePrepared({ ...doc, prepared }, SETTINGS), prepared);
  assert.equal(usablePrepared(doc, SETTINGS), null, "none");
  assert.equal(usablePrepared({ ...doc, prepared }, { ...SETTINGS, size: 700 }), null);
  assert.equal(usablePrepared({ ...doc, prepared }, { ...SETTINGS, unit: "tokens" }), null);
  assert.equal(usablePrepared({ ...doc, title: "Renamed", prepared }, SETTINGS), null);
  assert.equal(usablePrepared({ ...doc, contentHash: "h2", prepared }, SETTINGS), null);
  assert.equal(usablePrepared({ ...doc, id: "other", prepared }, SETTINGS), null);
});
