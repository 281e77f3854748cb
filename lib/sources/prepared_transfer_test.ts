import assert from "node:assert/strict";
import { packedBuffers, packPrepared, unpackPrepared } from "./prepared_transfer.ts";
import { prepareChunks } from "../ingest/prepared.ts";
import type { SourceDocument } from "../ingest/source_document.ts";
import { DEFAULT_ANALYZER } from "../vectorstore/term_analyzer.ts";
import { TermMirror, TermNumbering } from "../vectorstore/chunk_analysis.ts";

const SAMPLES = new URL("../../../shared/data/real-sources/wikitext/", import.meta.url).pathname;
const SETTINGS = { size: 900, overlap: 100, unit: "chars" as const };

function page(name: string, markdown: string): SourceDocument {
  return {
    id: `https://wiki.example/wiki/${name}`,
    title: name,
    url: `https://wiki.example/wiki/${name}`,
    description: "",
    markdown,
    contentHash: `hash-${name}`,
    contentType: "text/markdown",
    source: "test",
  };
}

Deno.test("prepared chunks cross threads packed and unpack to the same chunks, digests and terms", () => {
  const names = [...Deno.readDirSync(SAMPLES)].map((e) => e.name).sort().slice(0, 6);
  const numbering = new TermNumbering();
  const mirror = new TermMirror();
  for (const name of names) {
    const doc = page(name, Deno.readTextFileSync(SAMPLES + name));
    const analysis = { analyzer: DEFAULT_ANALYZER, numbering };
    const prepared = prepareChunks(doc, SETTINGS, analysis);
    const packed = packPrepared(prepared);
    assert.ok(packed, "packable");
    // Through a real structured clone, its buffers moved as a worker moves them.
    const arrived = structuredClone(packed, { transfer: packedBuffers(packed) });
    assert.equal(packed.fields.length, 0, "the buffers were moved, not copied");
    const dictionary = mirror.apply(numbering.take());
    const unpacked = unpackPrepared(arrived, dictionary);
    for (const a of prepared.analyses ?? []) a.dictionary = dictionary;
    // Analyses compared as plain arrays (views of different buffers otherwise).
    const plain = (p: typeof prepared) => ({
      ...p,
      analyses: p.analyses?.map((a) => ({ ...a, ids: [...a.ids], counts: [...a.counts] })),
    });
    assert.deepEqual(plain(unpacked), plain(prepared));
    assert.ok(unpacked.chunks.length > 0 && unpacked.digests?.some((d) => d !== null));
  }
});

Deno.test("chunks without analyses or digests pack too; foreign analyses do not", () => {
  const doc = page(
    "Plain",
    "# Plain\n\nA short page about the ember crown.\n\nIt has two paragraphs.",
  );
  const prepared = prepareChunks(doc, SETTINGS);
  const packed = packPrepared(prepared)!;
  assert.deepEqual(unpackPrepared(structuredClone(packed), []), prepared);
  // Analyses carrying their own dictionary (made without a numbering) stay as they are.
  const own = prepareChunks(doc, SETTINGS, { analyzer: DEFAULT_ANALYZER });
  assert.equal(packPrepared(own), null);
  const nulls = { ...prepared, digests: prepared.chunks.map(() => null) };
  assert.deepEqual(unpackPrepared(packPrepared(nulls)!, []).digests, nulls.digests);
});
