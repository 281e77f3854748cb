import assert from "node:assert/strict";
import { rerankHits } from "./rerank.ts";
import type { QueryHit } from "../vectorstore/store.ts";

function hit(id: string, title: string, position: number, text: string, heading = title): QueryHit {
  return {
    id,
    text,
    score: 0.5,
    metadata: { documentId: title, title, url: "", heading, position, contentHash: "" },
  };
}

// In store order: the regent's page mentions Varrow and ruling most, so BM25 puts it first.
const HITS: QueryHit[] = [
  hit("odo#0", "Odo Brisk", 0, "Odo Brisk ruled Varrow as regent; Varrow's lords ruled with him."),
  hit("varrow#2", "Varrow", 2, "## Economy\n\nVarrow trades amber and fish.", "Varrow › Economy"),
  hit("skarrow#0", "Skarrow", 0, "- **Governor**: Reeve Anna Pell\n\nSkarrow is a fort."),
  hit("varrow#0", "Varrow", 0, "- **Ruler**: Queen Maelis\n- **Capital**: Hollin Keep"),
  hit("guild#1", "Glass Guild", 1, "The guild is led by its warden.", "Glass Guild › Officers"),
];

Deno.test("rerankHits puts the page a question names, and its lead chunk, first", async (t) => {
  const cases: [string, string][] = [
    ["Who rules Varrow?", "varrow#0"],
    ["Who governs Skarrow?", "skarrow#0"],
    ["Who leads the Glass Guild?", "guild#1"],
  ];
  for (const [question, first] of cases) {
    await t.step(question, () => assert.equal(rerankHits(question, HITS)[0].id, first));
  }
});

Deno.test("rerankHits keeps every hit and the store's order when nothing tells them apart", () => {
  const same = [
    hit("a#0", "Alpha", 0, "nothing in common"),
    hit("b#0", "Beta", 0, "nothing in common"),
    hit("c#0", "Gamma", 0, "nothing in common"),
  ];
  assert.deepEqual(rerankHits("Who rules Varrow?", same).map((h) => h.id), ["a#0", "b#0", "c#0"]);
  assert.equal(rerankHits("Who rules Varrow?", HITS).length, HITS.length);
  assert.deepEqual(rerankHits("", HITS), HITS);
});
