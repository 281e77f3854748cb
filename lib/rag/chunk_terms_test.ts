import assert from "node:assert/strict";
import { analyze, analyzeWords, termSet } from "../text/mod.ts";
import { chunkForms, chunkTerms, chunkWords } from "./chunk_terms.ts";

const sorted = (s: ReadonlySet<string>) => [...s].sort();

const hit = (id: string, title: string, text: string) => ({
  id,
  text,
  score: 1,
  metadata: {
    documentId: id,
    title,
    url: "",
    heading: `${title} › Lore`,
    position: 0,
    contentHash: id,
  },
});

const HITS = [
  hit(
    "en",
    "Maelis Quorn",
    "Maelis was born in 1089 AL in the shipyards of Skarrow; she ruled the fleets.",
  ),
  hit("de", "Die Glaswyrm", "Der Wurm lebt in den Höhlen unter dem Glasmeer und frisst Salz."),
  hit("ja", "灯火の学院", "学院は灯火を守り、古い書物を読んで暮らしている。"),
];

Deno.test("chunkTerms and chunkWords are the analyzer's sets of title, heading and text", () => {
  for (const lang of ["en", "de", "ja"]) {
    for (const h of HITS) {
      const full = `${h.metadata.title} ${h.metadata.heading} ${h.text}`;
      // Either may be asked first; each is then served from the cache.
      for (let round = 0; round < 2; round++) {
        assert.deepEqual(
          sorted(chunkWords(h, lang)),
          sorted(termSet(full, { lang, stemming: "light" })),
        );
        assert.deepEqual(
          sorted(chunkTerms(h, lang)),
          sorted(new Set(analyze(full, { lang, stemming: "light" }))),
        );
      }
    }
  }
});

Deno.test("a chunk's sets are remembered per language", () => {
  const h = hit("mixed", "Glass", "The wyrms were singing in the caves");
  const en = chunkTerms(h, "en");
  const de = chunkTerms(h, "de");
  assert.deepEqual(
    sorted(en),
    sorted(new Set(analyze(`Glass Glass › Lore ${h.text}`, { lang: "en", stemming: "light" }))),
  );
  assert.deepEqual(
    sorted(de),
    sorted(new Set(analyze(`Glass Glass › Lore ${h.text}`, { lang: "de", stemming: "light" }))),
  );
  assert.notDeepEqual(sorted(en), sorted(de), "English and German stems differ here");
});

Deno.test("chunkForms are the folded, unstemmed forms of a chunk's content words", () => {
  const h = hit("forms", "First Lantern", "It has been kept in the Sealed Gallery by its keepers.");
  const forms = chunkForms(h, "en");
  for (const form of ["kept", "keepers", "sealed", "gallery", "lantern"]) {
    assert.ok(forms.has(form));
  }
  for (const absent of ["keep", "the", "been", "seal"]) assert.ok(!forms.has(absent), absent);
  const full = `${h.metadata.title} ${h.metadata.heading} ${h.text}`;
  const content = analyzeWords(full, { lang: "en", stemming: "light" }).filter((w) => w.term);
  assert.deepEqual(sorted(forms), sorted(new Set(content.map((w) => w.word))));
});
