import assert from "node:assert/strict";
import { type AnswerKind, fitsKind, hasNumber, questionShape, relatedTerms } from "./question.ts";
import { stem, terms } from "./terms.ts";

Deno.test("questionShape reads the kind of answer from the question's wording", async (t) => {
  const cases: [string, AnswerKind][] = [
    ["Who rules Varrow?", "person"],
    ["Whose banner is green?", "person"],
    ["When was the Pact of Skarrow signed?", "date"],
    ["In what year did the bridge fall?", "date"],
    ["On what date is the feast held?", "date"],
    ["Where is the crown kept today?", "place"],
    ["How many islands make up the chain?", "number"],
    ["How long can a sea serpent grow?", "number"],
    ["What is the population of Hollin Keep?", "number"],
    ["Why did the queen close the pass?", "reason"],
    ["What are the four winds of the coast?", "list"],
    ["Name the bridges of the capital.", "list"],
    ["How is the chancellor chosen?", "other"],
    ["What is the motto of the guild?", "other"],
  ];
  for (const [question, kind] of cases) {
    await t.step(`${question} → ${kind}`, () => assert.equal(questionShape(question).kind, kind));
  }
});

Deno.test("questionShape marks the words that only name the kind of answer", async (t) => {
  const cases: [string, string[]][] = [
    ["On what date is the feast held?", ["date"]],
    ["How many islands make up the chain?", ["many"]],
    ["How long can a sea serpent grow?", ["long"]],
    ["Where is the crown kept today?", ["today"]],
    ["Who rules Varrow?", []],
  ];
  for (const [question, expected] of cases) {
    await t.step(question, () => {
      assert.deepEqual([...questionShape(question).typeTerms].sort(), expected.map(stem).sort());
    });
  }
});

Deno.test("relatedTerms lets infobox keys stand in for the question's verbs", async (t) => {
  const cases: [string, string, boolean][] = [
    ["rules", "Ruler", true],
    ["governs", "Governor", true],
    ["leads", "Leader", true],
    ["leads", "Head", true],
    ["kept", "Location", true],
    ["founded", "Founder", true],
    ["married", "Spouse", true],
    ["signed", "Symbol", false],
    ["rules", "Location", false],
  ];
  for (const [word, key, expected] of cases) {
    await t.step(`${word} ~ ${key}: ${expected}`, () => {
      const [term] = terms(word);
      const [label] = terms(key);
      assert.equal(relatedTerms(term).has(label) || term === label, expected);
    });
  }
});

Deno.test("fitsKind checks that a line can answer the kind of question", async (t) => {
  const known = new Set(terms("Who rules Varrow"));
  const cases: [AnswerKind, string, boolean][] = [
    ["person", "Varrow is ruled by Queen Maelis.", true],
    ["person", "Varrow is ruled by a council.", false],
    ["number", "Nineteen of the islands are inhabited.", true],
    ["number", "The islands are green.", false],
    ["date", "It was signed in 619 AL.", true],
    ["date", "It falls on the fifth of Thawmoon.", true],
    ["date", "He is the first god of the household.", false],
    ["reason", "She closed it because of raids.", true],
    ["other", "Anything at all.", true],
  ];
  for (const [kind, text, expected] of cases) {
    await t.step(`${kind}: ${text}`, () => assert.equal(fitsKind(kind, text, known), expected));
  }
  assert.equal(hasNumber("about four hundred"), true);
  assert.equal(hasNumber("no figures here"), false);
});
