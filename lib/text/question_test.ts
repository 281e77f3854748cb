import assert from "node:assert/strict";
import {
  type AnswerKind,
  fitsKind,
  hasNumber,
  pointingBack,
  questionParts,
  questionShape,
} from "./question.ts";
import { relatedTerms } from "./word_classes.ts";
import { analyze, stemOf } from "./analyze.ts";

const stem = (w: string) => stemOf(w, "en", "light");
const terms = (t: string) => analyze(t, { lang: "en", stemming: "light" });

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
    ["date", "A story of seven wick-bearers.", false],
    ["number", "A story of seven wick-bearers.", true],
    ["reason", "She closed it because of raids.", true],
    ["other", "Anything at all.", true],
  ];
  for (const [kind, text, expected] of cases) {
    await t.step(`${kind}: ${text}`, () => assert.equal(fitsKind(kind, text, known), expected));
  }
  assert.equal(hasNumber("about four hundred"), true);
  assert.equal(hasNumber("no figures here"), false);
});

Deno.test("questionParts splits a compound question where a new question starts", async (t) => {
  const cases: [string, string[]][] = [
    ["Who rules Varrow?", ["Who rules Varrow?"]],
    ["Who founded it, and when?", ["Who founded it", "when?"]],
    ["Which god is it sacred to, and on what day is the feast?", [
      "Which god is it sacred to",
      "on what day is the feast?",
    ]],
    ["How is the chief chosen, and for how long?", ["How is the chief chosen", "for how long?"]],
    ["What ghosts haunt the fens and how do locals keep them off?", [
      "What ghosts haunt the fens",
      "how do locals keep them off?",
    ]],
    ["Who fought and won the war?", ["Who fought and won the war?"]],
  ];
  for (const [question, parts] of cases) {
    await t.step(question, () => assert.deepEqual(questionParts(question), parts));
  }
});

Deno.test("pointingBack finds the nouns after that/this/these/those", () => {
  assert.deepEqual([...pointingBack("on what day is that god's feast?")], ["god"]);
  assert.deepEqual([...pointingBack("who leads the body?")], []);
});
