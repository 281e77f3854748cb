import assert from "node:assert/strict";
import { analyzeWords } from "../text/mod.ts";
import { chunkDigest, digestOfWords, readDigest } from "./chunk_digest.ts";

const CHUNK = {
  title: "The Salt Crown",
  heading: "The Salt Crown › History › History",
  text: "The Salt Crown was forged, re-forged and forged again in Skarrow's salt-pans.",
  lang: "en",
};

Deno.test("a digest holds the title's words in order and each heading and text word once", () => {
  const words = readDigest(chunkDigest(CHUNK)!)!;
  assert.deepEqual(words.title, ["the", "salt", "crown"]);
  assert.deepEqual(words.heading, ["the", "salt", "crown", "history"]);
  const folded = analyzeWords(CHUNK.text, { lang: "en" }).map((w) => w.word);
  assert.deepEqual(words.text, [...new Set(folded)]);
  assert.ok(words.text.includes("skarrows"), "folded as the analyzer folds");
});

Deno.test("a digest is the same whether made from the store's own analysis or afresh", () => {
  for (const stemming of ["full", "light"] as const) {
    const options = { lang: "de", stemming };
    const chunk = {
      title: "Die Häuser",
      heading: "Straße",
      text: "Der Wurm frisst Salz.",
      lang: "de",
    };
    assert.equal(
      digestOfWords(
        analyzeWords(chunk.title, options),
        analyzeWords(chunk.heading, options),
        analyzeWords(chunk.text, options),
      ),
      chunkDigest(chunk),
    );
  }
});

Deno.test("empty parts, CJK and other scripts survive the round trip", () => {
  const chunk = {
    title: "灯火の学院",
    heading: "",
    text: "학원은 古い書物 ＡＢＣ Ёлка",
    lang: "ja",
  };
  const words = readDigest(chunkDigest(chunk)!)!;
  assert.deepEqual(words.heading, []);
  const folded = (t: string) => analyzeWords(t, { lang: "ja" }).map((w) => w.word);
  assert.deepEqual(words.title, folded(chunk.title));
  assert.deepEqual(words.text, [...new Set(folded(chunk.text))]);
});

Deno.test("a digest from another analyzer version, or malformed, is not read", () => {
  const digest = chunkDigest(CHUNK)!;
  assert.equal(readDigest(digest.replace(/^lorechat-words \S+/, "lorechat-words 1999-old")), null);
  assert.equal(readDigest("salt crown"), null);
  assert.equal(readDigest(digest.split("\n").slice(0, 3).join("\n")), null, "a part missing");
  assert.equal(digestOfWords([{ word: "a b" }], [], []), null, "a word with a space");
});
