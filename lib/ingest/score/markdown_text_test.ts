import assert from "node:assert/strict";
import { markdownToPlainText } from "./markdown_text.ts";
import { tokenize } from "./shingles.ts";

Deno.test("markdownToPlainText reduces links and images to their text", () => {
  assert.equal(
    markdownToPlainText('See [the docs](https://x.test/a_(b)) and ![a map](/m.png "t").'),
    "See the docs and a map.",
  );
});

Deno.test("markdownToPlainText strips Markdown syntax that would add or change tokens", async (t) => {
  const cases: Array<[string, string]> = [
    ["# Title\n\n## Sub", "Title\n\nSub"],
    ["- one\n* two\n+ three\n1. four\n2) five", "one\ntwo\nthree\nfour\nfive"],
    ["> quoted\n> > twice", "quoted\ntwice"],
    ["**bold** and _snake_ and ***both***", "bold and snake and both"],
    ["| a | b |\n| --- | :---: |\n| 1 | 2 |", "  a   b  \n\n  1   2  "],
    ["```ts\nconst x_y = 1;\n```", "\nconst x_y = 1;\n"],
    ["snake\\_case and 1\\. item", "snake_case and 1. item"],
    ["---", ""],
  ];
  for (const [markdown, text] of cases) {
    await t.step(JSON.stringify(markdown), () => assert.equal(markdownToPlainText(markdown), text));
  }
});

Deno.test("markdownToPlainText leaves the tokens of plain prose unchanged", () => {
  const prose = "Ysolde's reign (440–471 AR) began in snake_case_town; 3 * 4 = 12.";
  assert.deepEqual(tokenize(markdownToPlainText(prose)), tokenize(prose));
});
