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
