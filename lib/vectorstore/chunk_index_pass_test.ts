import assert from "node:assert/strict";
import { chunkWordDigest } from "../text/mod.ts";
import { analyzeChunk, type ChunkAnalysis, TermMirror, TermNumbering } from "./chunk_analysis.ts";
import { chunkIndexWork } from "./chunk_index_pass.ts";
import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
import {
  type ChunkFields as Fields,
  sampleChunkFields,
} from "../../tests/fixtures/sample_texts.ts";

/** Chunk-sized pieces of the multilingual lore sample and of real wikitext pages. */
function sampleFields(): Fields[] {
  return sampleChunkFields(900, 6_000);
}

/** An analysis as (term, weighted count) pairs in order, and its length. */
function readable(a: ChunkAnalysis, dictionary: readonly string[]) {
  return {
    lang: a.lang,
    analyzer: a.analyzer,
    length: a.length,
    terms: [...a.ids].map((id, i) => [dictionary[id], a.counts[i]]),
  };
}

Deno.test("chunkIndexWork gives exactly the digest and analysis of the two passes", () => {
  const fields = sampleFields();
  assert.ok(new Set(fields.map((f) => f.lang)).size >= 4, "several languages");
  let digests = 0;
  for (const f of fields) {
    // The detected language, a tag with a region, another language, and none at all.
    for (const lang of [f.lang, `${f.lang}-XX`, f.lang === "de" ? "en" : "de", "und"]) {
      const two = {
        digest: chunkWordDigest({ title: f.title, heading: f.heading, text: f.text, lang }),
        analysis: analyzeChunk(DEFAULT_ANALYZER, f.title, f.heading, f.text, lang),
      };
      const one = chunkIndexWork(f.title, f.heading, f.text, lang);
      const where = `${f.title} in ${lang}`;
      assert.equal(one.digest, two.digest, where);
      assert.deepEqual(
        readable(one.analysis, one.analysis.dictionary!),
        readable(two.analysis, two.analysis.dictionary!),
        where,
      );
      if (one.digest !== null) digests++;
    }
  }
  assert.ok(digests > fields.length * 2, "most chunks have digests");
});

Deno.test("chunkIndexWork numbers terms as analyzeChunk does across threads", () => {
  const fields = sampleFields();
  const numberings = [new TermNumbering(500), new TermNumbering(500)];
  const mirrors = [new TermMirror(), new TermMirror()];
  for (let i = 0; i < fields.length; i += 5) {
    const page = fields.slice(i, i + 5);
    const one = page.map((f) =>
      chunkIndexWork(f.title, f.heading, f.text, f.lang, numberings[0]).analysis
    );
    const two = page.map((f) =>
      analyzeChunk(DEFAULT_ANALYZER, f.title, f.heading, f.text, f.lang, numberings[1])
    );
    const [d1, d2] = [0, 1].map((k) => mirrors[k].apply(numberings[k].take()));
    assert.deepEqual(one.map((a) => readable(a, d1)), two.map((a) => readable(a, d2)));
  }
});

Deno.test("chunkIndexWork stays exact as the analyzer's word table starts over", () => {
  const fields = sampleFields();
  const numbering = new TermNumbering(2_000);
  const mirror = new TermMirror();
  const check = (f: Fields) => {
    const one = chunkIndexWork(f.title, f.heading, f.text, f.lang, numbering);
    const digest = chunkWordDigest(f);
    const two = analyzeChunk(DEFAULT_ANALYZER, f.title, f.heading, f.text, f.lang);
    const dictionary = mirror.apply(numbering.take());
    assert.equal(one.digest, digest, f.title);
    assert.deepEqual(readable(one.analysis, dictionary), readable(two, two.dictionary!), f.title);
    // A chunk numbered on its own in between leaves the shared numbering's notes right.
    const alone = chunkIndexWork(f.title, f.heading, f.text, f.lang).analysis;
    assert.deepEqual(readable(alone, alone.dictionary!), readable(two, two.dictionary!), f.title);
  };
  // Words met once and again (what a thread remembers of them), then more distinct words
  // than the word table keeps (65,536), so it starts over between chunks.
  for (let round = 0; round < 2; round++) fields.forEach(check);
  for (let at = 0; at < 80_000; at += 400) {
    const words = Array.from({ length: 400 }, (_, i) => `Zq${(at + i).toString(36)}ings`);
    check({ title: words[0], heading: words[1], text: words.join(" "), lang: "en" });
  }
  fields.forEach(check);
});
