import assert from "node:assert/strict";
import { analyzeWords } from "./analyze.ts";
import { DigestKeys, KeyedDigest } from "./digest_keys.ts";
import { chunkWordDigest, type WordDigestSource } from "./word_digest.ts";
import { sampleChunkFields } from "../../tests/fixtures/sample_texts.ts";

/** Chunk-sized pieces of the multilingual lore sample and of real wikitext pages. */
function chunks(): WordDigestSource[] {
  return sampleChunkFields(900, 9_000).filter((c) => c.lang !== "und");
}

/** The digest of `chunk` made through `digest`, its words numbered by `keys`. */
function keyed(keys: DigestKeys, digest: KeyedDigest, chunk: WordDigestSource): string | null {
  keys.begin();
  digest.begin(chunk.text);
  const options = { lang: chunk.lang, stemming: "light" as const };
  for (const [part, field] of [chunk.title, chunk.heading, chunk.text].entries()) {
    for (const { word, term } of analyzeWords(field, options)) {
      digest.add(part, keys.key(word), term === null ? -1 : keys.key(term));
    }
  }
  return digest.write(chunk.lang);
}

Deno.test("a keyed digest is exactly the digest of the chunk, chunk after chunk", () => {
  const all = chunks();
  assert.ok(all.length > 100 && new Set(all.map((c) => c.lang)).size >= 4);
  // Keys that start over often (every few chunks), and keys that never do.
  for (const keys of [new DigestKeys(300), new DigestKeys()]) {
    const digest = new KeyedDigest(keys);
    for (const chunk of all) {
      assert.equal(keyed(keys, digest, chunk), chunkWordDigest(chunk), chunk.title);
    }
    if (keys.strings.length < 300) assert.ok(keys.generation > 0, "the keys started over");
  }
});

Deno.test("a keyed digest keeps the classes and places of words met in any order", () => {
  const keys = new DigestKeys();
  const digest = new KeyedDigest(keys);
  const cases: WordDigestSource[] = [
    { title: "Rivers", heading: "Rivers", text: "river rivers River RIVERS riverine", lang: "en" },
    { title: "", heading: "", text: "", lang: "en" },
    { title: "Salt", heading: "", text: "Skarrow's salt-pans; the salt of the salt", lang: "en" },
    { title: "Häuser", heading: "Haus", text: "Die Häuser, das Haus und die STRASSE", lang: "de" },
  ];
  for (const chunk of cases) assert.equal(keyed(keys, digest, chunk), chunkWordDigest(chunk));
});
