import assert from "node:assert/strict";
import fc from "fast-check";
import { measure, sentenceGaps, type SizeUnit, splitToFit, trailingText } from "./text_split.ts";

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

/**
 * `trailingText` as it was first written: every sentence, then every word of the text
 * listed and walked back over. Also says whether the words placed the start.
 */
function trailingTextByWalk(text: string, budget: number, unit: SizeUnit) {
  if (budget <= 0) return { text: "", byWords: false };
  const end = text.trimEnd().length;
  const fits = (start: number) => measure(text.slice(start, end), unit) <= budget;
  const sentences: number[] = [];
  let from = text.search(/\S/);
  if (from >= 0) {
    for (const gap of sentenceGaps(text)) {
      if (gap.index > from) sentences.push(from);
      from = gap.index + gap.length;
    }
    if (end > from) sentences.push(from);
  }
  let start = -1;
  for (let i = sentences.length - 1; i >= 0 && fits(sentences[i]); i--) start = sentences[i];
  if (start >= 0) return { text: text.slice(start, end), byWords: false };
  const words = [...text.matchAll(/\S+/g)].map((m) => m.index!);
  for (let i = words.length - 1; i >= 0 && fits(words[i]); i--) start = words[i];
  return { text: start < 0 ? "" : text.slice(start, end), byWords: start >= 0 };
}

Deno.test("the overlap's trailing text is the one a walk back over every sentence and word gives", () => {
  const piece = fc.constantFrom(
    "salt",
    "road",
    "Brackhaven",
    "x",
    "a.",
    "end!",
    "why?",
    "so…",
    '"quoted."',
    "(aside.)",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "\u2003",
    "| cell |",
    "- item",
    "1204",
    "\ud83d\udc09",
  );
  const text = fc.array(piece, { maxLength: 60 }).map((ps) => ps.join(""));
  const unit = fc.constantFrom<SizeUnit>("chars", "tokens");
  let byWords = 0;
  fc.assert(
    fc.property(text, fc.integer({ min: -2, max: 200 }), unit, (t, budget, u) => {
      const expected = trailingTextByWalk(t, budget, u);
      assert.equal(trailingText(t, budget, u), expected.text);
      if (expected.byWords) byWords++;
    }),
    { numRuns: 5_000 },
  );
  assert.ok(byWords > 50, `the words placed the start in ${byWords} cases`);
});
