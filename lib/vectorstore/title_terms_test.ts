import assert from "node:assert/strict";
import { analyze } from "../text/mod.ts";
import { TitleTerms } from "./title_terms.ts";

function counting() {
  const calls: string[] = [];
  const titles = new TitleTerms(3, (title, lang) => {
    calls.push(`${lang}:${title}`);
    return analyze(title, { lang });
  });
  return { titles, calls };
}

Deno.test("TitleTerms gives analyze's terms and analyses each title once", () => {
  const { titles, calls } = counting();
  assert.deepEqual(titles.of("The Salt Crowns", "en"), analyze("The Salt Crowns", { lang: "en" }));
  assert.deepEqual(titles.of("The Salt Crowns", "en"), ["salt", "crown"]);
  assert.deepEqual(calls, ["en:The Salt Crowns"]);
  assert.deepEqual(titles.stats, { size: 1, analyzed: 1 });
});

Deno.test("TitleTerms keeps languages apart, null (detected) included", () => {
  const { titles, calls } = counting();
  titles.of("Die Burgen", "de");
  titles.of("Die Burgen", "en");
  titles.of("Die Burgen", null);
  titles.of("Die Burgen", undefined);
  assert.deepEqual(calls, ["de:Die Burgen", "en:Die Burgen", "undefined:Die Burgen"]);
  assert.deepEqual(titles.of("Die Burgen", "de"), analyze("Die Burgen", { lang: "de" }));
});

Deno.test("TitleTerms stays within its capacity, the least recently used leaving first", () => {
  const { titles, calls } = counting();
  for (const t of ["Amber Gate", "Bone Road", "Cinder Keep"]) titles.of(t, "en");
  titles.of("Amber Gate", "en"); // now the most recently used
  titles.of("Dusk Fen", "en"); // evicts Bone Road
  assert.equal(titles.stats.size, 3);
  titles.of("Amber Gate", "en");
  titles.of("Bone Road", "en");
  assert.deepEqual(calls.slice(4), ["en:Bone Road"]);
});
