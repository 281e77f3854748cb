import assert from "node:assert/strict";
import fc from "fast-check";
import { terms } from "../llm/terms.ts";
import { allStems, fastStemSet, termSet } from "./chunk_words.ts";
import { stemSet } from "./text.ts";

const sorted = (s: ReadonlySet<string>) => [...s].sort();

const SAMPLES = [
  "Queen Maelis's fleet ruled the Brackhaven run; the rulers' ships were ruling, ruled, rules.",
  "Crème brûlée, naïve façade — ÉCOLE d’été: l’homme qu’il a vu. Ünïcödé ＦＵＬＬ width ½ ﬁ",
  "Governors governed; the governor's creator, creators and creations. 1116 AL, 12th, 3rd-age",
  "Ἀθῆναι · Москва · 東京 · مصر · ผู้คน — mixed scripts, dies dying died lies lying",
];

Deno.test("termSet and fastStemSet give exactly the sets of the tokenizers they memoise", () => {
  for (const text of SAMPLES) {
    assert.deepEqual(sorted(termSet(text)), sorted(new Set(terms(text))), text);
    assert.deepEqual(sorted(fastStemSet(text)), sorted(stemSet(text)), text);
  }
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
      assert.deepEqual(sorted(termSet(text)), sorted(new Set(terms(text))));
      assert.deepEqual(sorted(fastStemSet(text)), sorted(stemSet(text)));
    }),
    { numRuns: 2_000 },
  );
});

Deno.test("allStems is the stem set of a chunk's title, heading and text together", () => {
  const hit = (i: number) => ({
    id: `p#${i}`,
    text: SAMPLES[i],
    score: 1,
    metadata: {
      documentId: "p",
      title: "Maelis Quorn",
      url: "",
      heading: "Maelis Quorn › Early life’s years",
      position: i,
      contentHash: `h${i}`,
    },
  });
  for (let i = 0; i < SAMPLES.length; i++) {
    const h = hit(i);
    const expected = stemSet(`${h.metadata.title} ${h.metadata.heading} ${h.text}`);
    assert.deepEqual(sorted(allStems(h)), sorted(expected));
  }
});
