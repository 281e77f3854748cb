import assert from "node:assert/strict";
import { RERANK_WEIGHTS, rerankHits } from "./rerank.ts";
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

Deno.test("rerankHits prefers a chunk holding the question's own word form", () => {
  const hits = [
    hit("a#0", "Alpha", 0, "The keepers were keeping the lantern lit."),
    hit("b#0", "Beta", 0, "The lantern was kept in a vault."),
  ];
  const question = "Where is the lantern kept?";
  const order = (exact: number) =>
    rerankHits(question, hits, { ...RERANK_WEIGHTS, store: 0, exact }).map((h) => h.id);
  // Both hold "lantern" and "keep" once stemmed; only the exact form tells them apart.
  assert.deepEqual(order(0), ["a#0", "b#0"]);
  assert.deepEqual(order(RERANK_WEIGHTS.exact), ["b#0", "a#0"]);
});

Deno.test("rerankHits orders a page's chunks by their own words, pages keeping their places", () => {
  const hits = [
    hit("lantern#3", "Relic", 3, "The shrine-keepers were keeping the lantern fed."),
    hit("fair#0", "Fair", 0, "A lantern fair is held each spring."),
    hit("lantern#5", "Relic", 5, "Since then the lantern has been kept in the vault."),
  ];
  const question = "Where is the lantern kept now?";
  const ranked = (exact: number) => rerankHits(question, hits, { ...RERANK_WEIGHTS, exact });
  const pages = (list: QueryHit[]) => list.map((h) => h.metadata.documentId);
  // The page still leads, but through the chunk that says "kept", though the store put
  // the other first; and sibling order never moves a page.
  assert.deepEqual(ranked(RERANK_WEIGHTS.exact).map((h) => h.id), [
    "lantern#5",
    "fair#0",
    "lantern#3",
  ]);
  assert.deepEqual(pages(ranked(RERANK_WEIGHTS.exact)), ["Relic", "Fair", "Relic"]);
  // Siblings that match alike keep the store's order.
  assert.deepEqual(ranked(0).map((h) => h.id)[0], "lantern#3");
});
