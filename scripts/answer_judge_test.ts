import assert from "node:assert/strict";
import {
  answerRecall,
  answerTokens,
  isHeldOut,
  missingTokens,
  pageIdFromUrl,
  percentile,
  referenceTokens,
} from "./answer_judge.ts";

Deno.test("answerTokens joins digit groups and turns number words into digits", async (t) => {
  const cases: [string, string[]][] = [
    ["212,000 (1140 AL)", ["212000", "1140", "al"]],
    ["Thirty-one, of which nineteen", ["31", "of", "which", "19"]],
    ["twenty five", ["25"]],
    ["the fifteenth of Saltmonth, 15th", ["the", "15", "of", "saltmonth", "15"]],
    ["twenty-first", ["21"]],
    ["forty", ["40"]],
    ["Ember-ink", ["ember", "ink"]],
    ["Memories of wardens", ["memory", "of", "warden"]],
    ["Émile's glass", ["emile", "s", "glass"]],
  ];
  for (const [text, expected] of cases) {
    await t.step(text, () => assert.deepEqual(answerTokens(text), expected));
  }
});

Deno.test("referenceTokens drops function words and the era marker", () => {
  assert.deepEqual(referenceTokens("Queen Isaveth II (since 1129 AL)"), [
    "queen",
    "isaveth",
    "ii",
    "1129",
  ]);
});

Deno.test("answerRecall is the share of reference tokens the answer holds", async (t) => {
  const cases: [string, string, number][] = [
    ["Queen Isaveth II (since 1129 AL)", "- Ruler: Queen Isaveth II [1].", 0.75],
    ["Thirty-one, of which nineteen are inhabited", "31 islands; 19 inhabited", 1],
    ["About 400", "some four hundred wardens", 0],
    ["Brackhaven", "nothing relevant", 0],
    ["the of", "anything", 1],
  ];
  for (const [reference, answer, expected] of cases) {
    await t.step(`${reference} / ${answer}`, () => {
      assert.equal(answerRecall(reference, answer), expected);
    });
  }
  assert.deepEqual(missingTokens("Queen Isaveth II (since 1129 AL)", "Isaveth II"), [
    "queen",
    "1129",
  ]);
});

Deno.test("every third question id is held out", () => {
  assert.deepEqual(["q1", "q2", "q3", "q6", "q88", "q87"].map(isHeldOut), [
    false,
    false,
    true,
    true,
    false,
    true,
  ]);
});

Deno.test("percentile uses the nearest rank", () => {
  assert.equal(percentile([], 50), 0);
  assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
});

Deno.test("pageIdFromUrl follows the wiki naming rule", () => {
  assert.equal(pageIdFromUrl("https://lore.example/wiki/Isles_of_Quessary"), "isles-of-quessary");
  assert.equal(pageIdFromUrl("https://lore.example/wiki/Weavers%27_Bridge#x"), "weavers'-bridge");
  assert.equal(pageIdFromUrl("lore/corvane-i.html"), "corvane-i");
});
