import assert from "node:assert/strict";
import { composeExtractiveAnswer, EXTRACTIVE_NO_ANSWER } from "./extractive.ts";
import { orderQuestion } from "./extractive_sequence.ts";
import type { SourcePassage } from "./provider.ts";

Deno.test("orderQuestion finds what an order question is next to", async (t) => {
  const cases: [string, ReturnType<typeof orderQuestion>][] = [
    ["Which month comes after Thawmoon?", { relation: "after", anchors: ["Thawmoon"] }],
    ["What rank is before Wick at the College?", { relation: "before", anchors: ["Wick"] }],
    ["Who reigned between Odo I and Odo III?", {
      relation: "between",
      anchors: ["Odo I", "Odo III"],
    }],
    ["Who succeeded King Odo II?", { relation: "after", anchors: ["King Odo II"] }],
    ["What happened after the war?", null],
    ["Who rules Varrow?", null],
  ];
  for (const [question, expected] of cases) {
    await t.step(question, () => assert.deepEqual(orderQuestion(question), expected));
  }
});

const KINGS: SourcePassage = {
  n: 1,
  id: "varrow#3",
  title: "House Varrow",
  url: "",
  heading: "House Varrow › Kings",
  score: 1,
  text: [
    "| # | King | Reign |",
    "| --- | --- | --- |",
    "| 1 | Odo I | 400–420 |",
    "| 2 | Maelis | 420–431 |",
    "| 3 | Odo II | 431–470 |",
    "| 4 | Odo III | 470–490 |",
  ].join("\n"),
};

Deno.test("an order question is answered by the neighbouring row", async (t) => {
  const cases: [string, RegExp[]][] = [
    ["Who reigned after Odo I?", [/^- House Varrow — 2 — King: Maelis/]],
    ["Who reigned before Odo III?", [/^- House Varrow — 3 — King: Odo II;/]],
    ["Who reigned between Odo I and Odo III?", [/King: Maelis/, /King: Odo II;/]],
  ];
  for (const [question, expected] of cases) {
    await t.step(question, () => {
      const lines = composeExtractiveAnswer(question, [KINGS]).split("\n").slice(2);
      expected.forEach((pattern, i) => assert.match(lines[i], pattern));
    });
  }
  await t.step("a name in no row leaves the question to line matching", () => {
    assert.equal(
      composeExtractiveAnswer("Who reigned after Brannoc?", [KINGS]),
      EXTRACTIVE_NO_ANSWER,
    );
  });
});
