import assert from "node:assert/strict";
import fc from "fast-check";
import {
  collapseSpaces,
  linkText,
  namespaceNames,
  replaceLinks,
  stripQuotes,
} from "./wikitext_inline.ts";

const SAMPLES = new URL("../../../shared/data/real-sources/wikitext/", import.meta.url).pathname;

/** Text made of the pieces each helper treats specially, in any order. */
const textOf = (pieces: string[]) =>
  fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((xs) => xs.join(""));

/** `replaceLinks` as it was written with a regular expression: the reference. */
function linksByRegExp(text: string, categories: string[]): string {
  const names = namespaceNames();
  let out = text;
  for (let pass = 0; pass < 8 && out.includes("[["); pass++) {
    const next = out.replace(
      /\[\[([^[\]]*)\]\]/g,
      (_, inner: string) => linkText(inner, names, categories),
    );
    if (next === out) break;
    out = next;
  }
  return out;
}

Deno.test("replaceLinks finds the links the regular expression finds, and the same categories", () => {
  const text = textOf([
    "[[",
    "]]",
    "[",
    "]",
    "|",
    "a",
    "b c",
    ":",
    "#",
    "Category:",
    "File:",
    "de:",
    "thumb",
    "ü",
    "\n",
  ]);
  fc.assert(
    fc.property(text, (t) => {
      const expected: string[] = [], got: string[] = [];
      assert.equal(replaceLinks(t, namespaceNames(), got), linksByRegExp(t, expected));
      assert.deepEqual(got, expected);
    }),
    { numRuns: 5_000 },
  );
  // And on the real samples, whose links nest in file captions and templates.
  let links = 0;
  for (const entry of Deno.readDirSync(SAMPLES)) {
    const t = Deno.readTextFileSync(SAMPLES + entry.name);
    const expected: string[] = [], got: string[] = [];
    assert.equal(replaceLinks(t, namespaceNames(), got), linksByRegExp(t, expected), entry.name);
    assert.deepEqual(got, expected, entry.name);
    links += t.split("[[").length - 1;
  }
  assert.ok(links > 1_000, `${links} links in the samples`);
});

Deno.test("replaceLinks resolves nested links innermost first", () => {
  const categories: string[] = [];
  const out = replaceLinks(
    "[[File:Map.png|thumb|The [[Salt Road]] near [[Ashford|the ford]]]] ends. [[Category:Roads]]",
    namespaceNames(),
    categories,
  );
  assert.equal(out, " ends. ");
  assert.deepEqual(categories, ["Roads"]);
  assert.equal(replaceLinks("[[a [[b]] c]]", namespaceNames(), []), "a b c");
  assert.equal(replaceLinks("[[ unclosed [[x]]", namespaceNames(), []), "[[ unclosed x");
});

Deno.test("stripQuotes drops quote runs but keeps one of exactly four, as the callback did", () => {
  const byCallback = (t: string) => t.replace(/'{2,}/g, (run) => (run.length === 4 ? "'" : ""));
  fc.assert(
    fc.property(textOf(["'", "''", "'''", "a", " ", "’"]), (t) => {
      assert.equal(stripQuotes(t), byCallback(t));
    }),
    { numRuns: 5_000 },
  );
  assert.equal(stripQuotes("''''Ash''''"), "'Ash'");
  assert.equal(stripQuotes("'''''Ash''''' ''x'''"), "Ash x");
});

Deno.test("collapseSpaces folds white space as /\\s+/g → ' ' then trim does", () => {
  const byRegExp = (t: string) => t.replace(/\s+/g, " ").trim();
  fc.assert(
    fc.property(textOf([" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\ufeff", "a", "bc"]), (t) => {
      assert.equal(collapseSpaces(t), byRegExp(t));
    }),
    { numRuns: 5_000 },
  );
  assert.equal(collapseSpaces(" Ash  and\tember "), "Ash and ember");
});
