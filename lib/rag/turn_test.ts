import assert from "node:assert/strict";
import fc from "fast-check";
import { snippet } from "./turn.ts";

/** The snippet as it was first written: every rule over the whole passage. */
function wholePassageSnippet(text: string, max = 280): string {
  const plain = text
    .replace(/^#{1,6}\s.*$/gm, " ")
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, " ")
    .replace(/[#>*_`|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(" "), max * 0.6)).trimEnd() + "…";
}

// Markdown pieces that cross a cut in every way: headings, fences, links and images
// (some left open), tables, emphasis, runs of spaces and newlines.
const PIECES = [
  "word",
  "Aldric",
  " ",
  "  ",
  "\n",
  "\n\n",
  "# ",
  "### Heading",
  "```",
  "```js\ncode\n```",
  "[",
  "]",
  "(",
  ")",
  "[link](https://x.example/a b)",
  "![alt text](img.png)",
  "[open link",
  "| a | b |",
  "\n|---|---|\n",
  "---",
  "**bold**",
  "_it_",
  "> quote",
  "`tick`",
  "é",
  "灯火",
];

// Without brackets or fences the prefix is always used, so its cut is what is tested.
const NO_OPEN = PIECES.filter((p) => !/[[\]()`]/.test(p));

Deno.test("snippet reads a passage's start exactly as stripping the whole passage would", () => {
  for (const pieces of [PIECES, NO_OPEN]) {
    const passage = fc.array(fc.constantFrom(...pieces), { minLength: 0, maxLength: 300 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(passage, fc.constantFrom(40, 120, 280), (text, max) => {
        assert.equal(snippet(text, max), wholePassageSnippet(text, max));
      }),
      { numRuns: 3_000 },
    );
  }
});

Deno.test("snippet of long plain prose cuts at a word", () => {
  const text = "The Salt Crown was forged in Skarrow. ".repeat(40);
  const s = snippet(text);
  assert.ok(s.endsWith("…") && s.length <= 281, s);
  assert.equal(s, wholePassageSnippet(text));
});
