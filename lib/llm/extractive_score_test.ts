import assert from "node:assert/strict";
import { composeExtractiveAnswer, EXTRACTIVE_NO_ANSWER, selectSentences } from "./extractive.ts";
import type { SourcePassage } from "./provider.ts";

function passage(n: number, title: string, text: string, heading = title): SourcePassage {
  return { n, id: `${title}#${n}`, title, url: "", heading, text, score: 1 / n };
}

const HARBOUR = passage(
  1,
  "Skarrow",
  [
    "- **Founder**: Prince Odo",
    "- **Population**: 9,400",
    "",
    "Skarrow was founded by Prince Odo in 934 AL as a royal garrison. He later became",
    "King Odo II and reigned for forty years. The old charter was lost in a flood. It was",
    "found a year later and carried to Lir, where the Tower of Keys holds it.",
    "",
    "The gates, from north to south:",
    "",
    "1. North Gate",
    "2. Fish Gate",
    "3. Sea Gate",
  ].join("\n"),
);

const SERPENT = passage(
  3,
  "Sea serpent",
  "A grown serpent is long, with a fin along the length of its back. The largest ever " +
    "measured was thirty yards from snout to tail. Its scales are glassy.",
);

const GUILD = passage(
  2,
  "Guild of Brinewrights",
  "The Guild of Brinewrights elects the Salt-Lord. It is led by Guildmistress Ada Lowe.",
);

Deno.test("a compound question is answered part by part", async (t) => {
  const cases: [string, RegExp[]][] = [
    ["Who founded Skarrow, and what did he later become?", [/Prince Odo/, /King Odo II/]],
    [
      "Which body elects the Salt-Lord, and who leads that body?",
      [/elects the Salt-Lord/, /Guildmistress Ada Lowe/],
    ],
  ];
  for (const [question, expected] of cases) {
    await t.step(question, () => {
      const answer = composeExtractiveAnswer(question, [HARBOUR, GUILD]);
      for (const pattern of expected) assert.match(answer, pattern);
    });
  }
});

Deno.test("the extractive answerer picks lines that fit the question", async (t) => {
  const cases: [string, RegExp][] = [
    [
      "What are the gates of Skarrow?",
      /^The gates, from north to south: North Gate, Fish Gate, Sea Gate/,
    ],
    // The line itself names neither the charter nor Skarrow: the sentence before does.
    ["Where is the old charter of Skarrow kept now?", /Tower of Keys/],
    ["When was Skarrow founded?", /934 AL/],
    // Only the sentence before it mentions the serpent; this one holds the number.
    ["How long can a sea serpent grow?", /thirty yards/],
  ];
  for (const [question, expected] of cases) {
    await t.step(question, () => {
      const [best] = selectSentences(question, [HARBOUR, GUILD, SERPENT]);
      assert.ok(best, "an answer");
      assert.match(best.text, expected);
    });
  }
});

Deno.test("the extractive answerer says it does not know when the sources miss the point", async (t) => {
  const cases: [string, string][] = [
    ["the counted thing is nowhere", "How many warships does Skarrow have?"],
    ["the year asked about is nowhere", "Who ruled Skarrow in 1200 AL?"],
    ["the number is about another place", "What is the population of Lir?"],
    ["the kind asked for is missing", "When was the Tower of Keys built?"],
  ];
  for (const [name, question] of cases) {
    await t.step(name, () => {
      assert.equal(composeExtractiveAnswer(question, [HARBOUR, GUILD]), EXTRACTIVE_NO_ANSWER);
    });
  }
});

Deno.test("a later part's 'that …' points back at the earlier answer", () => {
  const sources = [
    passage(1, "Auren", "- **Sacred animal**: Hollow stag\n- **Feast**: The Kindling, 1 Firstwick"),
    passage(
      2,
      "Myrrhen",
      "Myrrhen is the goddess of the sea. She is a god of the tides, and seven gods serve her.",
    ),
  ];
  const answer = composeExtractiveAnswer(
    "Which god is the hollow stag sacred to, and on what day is that god's feast?",
    sources,
  );
  assert.match(answer, /Sacred animal: Hollow stag/);
  assert.match(answer, /Feast: The Kindling, 1 Firstwick/);
  // A part made only of words pointing back still finds its line.
  assert.match(
    composeExtractiveAnswer("Which god is the stag sacred to, and when is that feast?", sources),
    /1 Firstwick/,
  );
});
