import assert from "node:assert/strict";
import { passageSentences } from "./extractive_text.ts";

Deno.test("passageSentences keeps an introduced list or table whole", async (t) => {
  const cases: [string, string, string | null][] = [
    [
      "a table under a bold caption",
      "**The winds of the coast**\n\n| Wind | Season |\n| --- | --- |\n| Brine | Spring |\n" +
      "| Hush | Summer |\n| Gale | Winter |\n\nSailors fear the Gale.",
      "The winds of the coast: Brine, Hush, Gale.",
    ],
    [
      "a numbered list after a colon, items cut at a bracket, comma or dash",
      "The gates, from north to south:\n\n1. North Gate (the oldest)\n2. Fish Gate, rebuilt in 900\n" +
      "3. **Salt Gate.** Opened at dawn.\n4. Sea Gate — the widest\n\n## Next",
      "The gates, from north to south: North Gate, Fish Gate, Salt Gate, Sea Gate.",
    ],
    [
      "no list when nothing introduces it",
      "The gates are old.\n\n- North Gate\n- Fish Gate",
      null,
    ],
    [
      "no list of a single item",
      "The only gate:\n\n- North Gate\n\nIt is old.",
      null,
    ],
  ];
  for (const [name, markdown, expected] of cases) {
    await t.step(name, () => {
      const lists = passageSentences(markdown).filter((s) => s.list).map((s) => s.text);
      assert.deepEqual(lists, expected === null ? [] : [expected]);
    });
  }
});

Deno.test("passageSentences keeps a one-word fact when its value is a number", () => {
  const facts = passageSentences("- **Population**: 9,400\n- **Notes**: —").map((s) => s.text);
  assert.deepEqual(facts, ["Population: 9,400"]);
});

Deno.test("passageSentences reads a wiki page's infobox list as facts", () => {
  // As wikitext.ts renders an infobox: `- key: value` items at the top of the page.
  const sentences = passageSentences([
    "- birth date: 1963-08-12",
    "- weight: 114 lb",
    "- Lizenz: Mehrfachlizenzierung: MPL/GPL/LGPL",
    "- 1990 AVN Award – Best Screenplay, Video (Cheeks II: The Bitter End) with Jace Rocker",
    "- She won it twice: in 1990 and in 1992.",
    "",
    "Note: a line outside a list is prose, not a fact.",
  ].join("\n"));
  assert.deepEqual(sentences.filter((s) => s.fact).map((s) => s.text), [
    "birth date: 1963-08-12",
    "weight: 114 lb",
    "Lizenz: Mehrfachlizenzierung: MPL/GPL/LGPL",
  ]);
  assert.deepEqual(sentences.filter((s) => !s.fact).map((s) => s.text), [
    "1990 AVN Award – Best Screenplay, Video (Cheeks II: The Bitter End) with Jace Rocker",
    "She won it twice: in 1990 and in 1992.",
    "Note: a line outside a list is prose, not a fact.",
  ]);
});
