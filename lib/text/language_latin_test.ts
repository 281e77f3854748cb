/**
 * Language detection's fast path for Latin-script text (`language_latin.ts`) must give
 * the reference path's language for every text it reads, and read the texts real lore
 * is written in: accented letters, curly quotes and dashes included.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { detectLanguage, fastDetectLanguage, referenceDetectLanguage } from "./language.ts";
import { multilingualDocuments, wikitextPieces } from "../../tests/fixtures/sample_texts.ts";

/** Asserts the fast path, when it answers, answers as the reference does. */
function agrees(text: string, where: string): string | null {
  const fast = fastDetectLanguage(text);
  const reference = referenceDetectLanguage(text);
  if (fast !== null) {
    assert.equal(fast, reference, `${where}: ${JSON.stringify(text.slice(0, 80))}`);
  }
  assert.equal(detectLanguage(text), reference, where);
  return fast;
}

/** Words and characters where the two paths could part. */
const SWAY = (
  "the of and die der das wat nie ek jy eg kva vart ein ikkje og er le la les et est el los " +
  "y ist nicht een het van où cuándo dónde quién cuántos qué è é não på är når hvornår " +
  "über Straße schön Öl Ärger Übel ß ÄÖÜ père fête à garçon cœur Œuvre CŒUR año ¿Qué ¡Hola " +
  "nación CIÓN Ción ciónes ción_ ción1 naciónö l’ d’ L’ qu’ j’ s'il N' l'l' µ ª º × ÷ ſ ı " +
  "Đ đ ǅ ȸ ɐ İ Ω я 城 – — … “ ” ‘ ’ € → ─ ⟨ \u00a0 \u00ad \u200b 🐉 9eg eg9 x_eg wat_ _nie"
).split(" ");

Deno.test("the fast path gives the reference's language on random Latin-script text", () => {
  const words = fc.array(fc.constantFrom(...SWAY), { maxLength: 30 });
  const glue = fc.constantFrom(" ", "", "'", "’", "-", "\n", "_", "1", "é", "–", "«");
  let answered = 0;
  fc.assert(
    fc.property(words, glue, (ws, g) => {
      if (agrees(ws.join(g), "random") !== null) answered++;
    }),
    { numRuns: 10_000 },
  );
  // Most draws hold only characters the fast path reads.
  assert.ok(answered > 3_000, `the fast path answered ${answered} of 10,000`);
});

Deno.test("the fast path reads every code unit as the reference does", () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const text of [`wat${ch}nie die${ch}${ch}der ein`, `ción${ch} l${ch}' ${ch}où${ch}`]) {
      agrees(text, `U+${c.toString(16)}`);
    }
  }
});

Deno.test("the fast path reads accented Latin text, quotes and dashes", () => {
  const cases: [string, string][] = [
    ["Wer hat die Burg über dem Fluss gebaut? Die Königin – nicht der König.", "de"],
    ["Qui a fondé la cité où l’on garde la couronne ? C’est la reine.", "fr"],
    ["¿Quién fundó la ciudad y dónde está la corona? La reina, con su nación.", "es"],
    ["Hvem bygde borgen på øya? Det var dronningen, og hun er ikke død.", "no"],
    ["Who built the “Ember Crown” … and where is it kept — in the tower?", "en"],
  ];
  for (const [text, lang] of cases) {
    assert.equal(fastDetectLanguage(text), lang, text);
    assert.equal(referenceDetectLanguage(text), lang, text);
  }
  // Other scripts, "İ" and astral characters are left to the reference path.
  for (const text of ["Кто построил замок?", "İstanbul", "the 𝐀 dragon", "the 🐉 dragon"]) {
    assert.equal(fastDetectLanguage(text), null, text);
  }
});

Deno.test("the fast path agrees on real wikitext and the multilingual lore", () => {
  let answered = 0, texts = 0;
  const titled = [...wikitextPieces(1500, Infinity), ...multilingualDocuments()];
  for (const text of titled.map((t) => `${t.title}\n${t.text}`)) {
    texts++;
    if (agrees(text, "sample") !== null) answered++;
  }
  assert.ok(texts > 100, `${texts} texts`);
  assert.ok(answered > texts / 3, `the fast path answered ${answered} of ${texts}`);
});
