import assert from "node:assert/strict";
import { sentenceGaps, splitToFit } from "./text_split.ts";

/** The definition the gaps must keep: whitespace right after a sentence end. */
const LOOKBEHIND_GAP = /(?<=[.!?…]["'”’)\]*_]*)\s+/g;

function reference(text: string) {
  return [...text.matchAll(LOOKBEHIND_GAP)].map((m) => ({ index: m.index!, length: m[0].length }));
}

Deno.test("sentence gaps equal whitespace looked-behind for a sentence end", () => {
  // Terminals, closers, every kind of JavaScript whitespace, and near misses.
  const alphabet = [
    "a",
    "Z",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "\u3000",
    "\u2009",
    "\u2028",
    "\ufeff",
    ".",
    "!",
    "?",
    "…",
    '"',
    "'",
    "”",
    "’",
    ")",
    "]",
    "*",
    "_",
    "(",
    "[",
    "\u200b",
    "\u180e",
    "«",
    "。",
  ]; // deno-fmt-ignore
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let t = 0; t < 20_000; t++) {
    let text = "";
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    assert.deepEqual(sentenceGaps(text), reference(text), JSON.stringify(text));
  }
  const samples = "../shared/data/real-sources/wikitext";
  for (const entry of Deno.readDirSync(samples)) {
    const text = Deno.readTextFileSync(`${samples}/${entry.name}`);
    assert.deepEqual(sentenceGaps(text), reference(text), entry.name);
  }
});

Deno.test("splitToFit cuts between sentences, after their closing quotes", () => {
  const text = 'The gate opened. "Who goes there?" she asked.) Nobody answered…  The end.';
  assert.deepEqual(splitToFit(text, 30, "chars"), [
    "The gate opened.",
    '"Who goes there?" she asked.)',
    "Nobody answered…  The end.",
  ]);
});
