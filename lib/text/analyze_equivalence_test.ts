/**
 * The fast path (`fast_words.ts`) must give exactly the words and terms of the reference
 * path for every text, so `ANALYZER_VERSION` and every index stay as they are. Compared
 * here on real text in several languages and scripts (Wikipedia wikitext, news articles,
 * the lore samples), on hand-picked edge cases of Unicode normalization, and on random
 * strings drawn from the characters where the two could part.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  analyze,
  type AnalyzeOptions,
  analyzeWords,
  referenceAnalyze,
  referenceAnalyzeWords,
} from "./analyze.ts";
import { detectLanguage, referenceDetectLanguage } from "./language.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SHARED = `${ROOT}../shared/data`;
const hasShared = await Deno.stat(`${SHARED}/real-sources/wikitext`).then(() => true, () => false);
if (!hasShared) console.warn(`analyzer equivalence: no shared data at ${SHARED}`);

const show = (words: readonly { word: string; term: string | null; lang: string }[]) =>
  words.map((w) => `${w.word}/${w.term}/${w.lang}`);

/** Asserts both paths agree on `text` under each of the options. */
function same(text: string, optionsList: (AnalyzeOptions | undefined)[], where: string): number {
  let words = 0;
  for (const options of optionsList) {
    const fast = show(analyzeWords(text, options));
    const reference = show(referenceAnalyzeWords(text, options));
    const context = `${where} ${JSON.stringify(options)}: ${text.slice(0, 80)}`;
    if (fast.length !== reference.length || fast.some((w, i) => w !== reference[i])) {
      assert.deepEqual(fast, reference, context);
    }
    if (options === optionsList[0]) {
      const terms = analyze(text, options), referenceTerms = referenceAnalyze(text, options);
      if (terms.length !== referenceTerms.length || terms.some((t, i) => t !== referenceTerms[i])) {
        assert.deepEqual(terms, referenceTerms, context);
      }
    }
    words += fast.length;
  }
  return words;
}

/** Asserts both language detections agree on `text` and on its ASCII characters alone. */
function sameLanguage(text: string, where: string): void {
  // deno-lint-ignore no-control-regex
  for (const t of [text, text.replace(/[^\x00-\x7f]/g, "")]) {
    assert.equal(detectLanguage(t), referenceDetectLanguage(t), `${where}: ${t.slice(0, 80)}`);
  }
}

/** Chunk-sized pieces of a long text, as the index sees them. */
function pieces(text: string, size = 1200): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

const OPTIONS: (AnalyzeOptions | undefined)[] = [undefined, { stemming: "light" }];

Deno.test({
  name: "fast and reference paths agree on real wikitext and news articles",
  ignore: !hasShared,
  async fn() {
    let words = 0, texts = 0;
    const dir = `${SHARED}/real-sources/wikitext`;
    for await (const entry of Deno.readDir(dir)) {
      const text = await Deno.readTextFile(`${dir}/${entry.name}`);
      for (const piece of pieces(text)) {
        words += same(piece, OPTIONS, entry.name), texts++;
        sameLanguage(piece, entry.name);
      }
    }
    const truth = JSON.parse(
      await Deno.readTextFile(`${SHARED}/extraction-benchmark/ground-truth.json`),
    ) as Record<string, { articleBody: string }>;
    for (const [id, { articleBody }] of Object.entries(truth)) {
      for (const piece of pieces(articleBody)) {
        words += same(piece, OPTIONS, id), texts++;
        sameLanguage(piece, id);
      }
    }
    assert.ok(texts > 1000 && words > 300_000, `${texts} texts, ${words} words compared`);
  },
});

Deno.test("fast and reference paths agree on the lore samples in every language", async () => {
  const texts: string[] = [];
  const jsonl = await Deno.readTextFile(`${ROOT}sample/lore-eval-multilingual/corpus.jsonl`);
  for (const line of jsonl.split("\n").filter((l) => l.trim())) {
    const doc = JSON.parse(line) as { title: string; text: string };
    texts.push(`${doc.title}\n${doc.text}`);
  }
  for await (const entry of Deno.readDir(`${ROOT}sample/lore`)) {
    if (!entry.name.endsWith(".html")) continue;
    const html = await Deno.readTextFile(`${ROOT}sample/lore/${entry.name}`);
    texts.push(...pieces(html.replace(/<[^>]*>/g, " ")));
  }
  const langs = [{ lang: "en" }, { lang: "ja" }, { lang: "ko" }, { lang: "ru" }, { lang: "fr" }];
  for (const text of texts) {
    same(text, [...OPTIONS, ...langs], "sample");
    sameLanguage(text, "sample");
  }
  assert.ok(texts.length > 50, `${texts.length} texts`);
});

/** Texts where normalization, apostrophes, scripts or marks could tell the paths apart. */
const EDGES = [
  "",
  "'",
  "''",
  "a'",
  "'a",
  "a''b",
  "rock'n'roll",
  "dogs' tails",
  "don’t",
  "l’homme d'état",
  "e\u0301te\u0301 cafe\u0301",
  "<\u0338 =\u0338 >\u0338 a<\u0338b",
  "x=\u0338y",
  "\u0338 \u0301",
  "Foo™ ①② ℌello ﬁne ﬀ ＡＢＣ１２ ｶﾀｶﾅ",
  "Straße Œuvre Ærø Łódź đ ı İstanbul",
  "Ёлка ёж Київ їжак",
  "Ἀθῆναι Ωμέγα",
  "백로성은 백로성을 RPG게임",
  "RPGの城 白鷺城",
  "ｈｅｌｌｏ　ｗｏｒｌｄ",
  "3.14 1,000 2020s v2.0-beta x86_64",
  "a\u00a0b\u2009c\u200bd\u00add",
  "A\u0308ngstro\u0308m",
  "tab\there\nnew\rline\fform\vvert",
  "emoji 🐉 dragon-fire \u{1d400}\u{1d41a}",
  "ﷺ ﷻ ㍿ ㊀",
  "ſt ſ K Å µ",
  "\ufeffbom",
  "'tis the 'season'",
  "mixed ascii é' 'é é'é",
]; // deno-fmt-ignore

Deno.test("fast and reference paths agree on normalization and script edge cases", () => {
  const langs = [undefined, { lang: "en" }, { lang: "ja" }, { lang: "ru" }, { lang: "ko" }];
  for (const text of EDGES) same(text, [...langs, { stemming: "light" as const }], "edge");
  same(EDGES.join(" "), langs, "edges joined");
});

/** Characters worth mixing: ASCII word and cut characters and the non-ASCII that bite. */
const POOL = [
  ..."abcXYZqQ019 '-.,<=>_\t\n",
  "\u0301",
  "\u0308",
  "\u0338",
  "é",
  "ß",
  "Ä",
  "œ",
  "ĳ",
  "ŉ",
  "ǅ",
  "ª",
  "²",
  "µ",
  "×",
  "’",
  "™",
  "①",
  "ﬁ",
  "Ａ",
  "ｶ",
  "ﾞ",
  "ё",
  "Ω",
  "한",
  "글",
  "の",
  "城",
  "\u00a0",
  "\u200b",
  "ſ",
  "İ",
  "🐉",
  "\u{1d400}",
  "ก",
  "ＡＢ",
]; // deno-fmt-ignore

Deno.test("fast and reference paths agree on every Latin and punctuation code unit", () => {
  const units = [...Array(0x250 - 0x80).keys()].map((i) => 0x80 + i);
  for (let c = 0x2000; c < 0x2070; c++) units.push(c);
  for (const c of units) {
    const ch = String.fromCharCode(c);
    const text = `Grö${ch}ße ${ch}'s l'${ch}a b${ch}\u0301 ${ch}${ch} x<${ch}=y 1${ch}\u0338 ` +
      `a${ch}\u20d2b don${ch}’t`;
    same(text, [{ lang: "de" }, { lang: "en", stemming: "light" }], `U+${c.toString(16)}`);
  }
});

Deno.test("fast and reference paths agree on random strings of tricky characters", () => {
  const text = fc.array(fc.constantFrom(...POOL), { maxLength: 40 }).map((cs) => cs.join(""));
  const lang = fc.constantFrom(undefined, "en", "de", "ja", "ru", "ko");
  fc.assert(
    fc.property(text, lang, fc.boolean(), (t, l, light) => {
      same(t, [{ lang: l, stemming: light ? "light" : "full" }], "random");
    }),
    { numRuns: 5_000 },
  );
});

/** ASCII words that sway detection: function words, elisions, the bonus word lists. */
const SWAY = (
  "the of and die der das wat nie ek jy hierdie gerus tussen gebore eg kva kven korleis " +
  "vart ein berre ikkje og er det som le la les et est el los y ist nicht een het van " +
  "L D' J N' Q S' l' d' qu' x_eg EG Kven 9eg eg9 wat_ _nie . , ' \n - a1b"
).split(" ");

Deno.test("fast and reference language detection agree on ASCII text", () => {
  for (const text of EDGES) sameLanguage(text, "edge");
  const words = fc.array(fc.constantFrom(...SWAY), { maxLength: 30 });
  const glue = fc.constantFrom(" ", "", "'", "-", "\n", "_", "1");
  fc.assert(
    fc.property(words, glue, (ws, g) => sameLanguage(ws.join(g), "random")),
    { numRuns: 5_000 },
  );
  const long = Array.from({ length: 400 }, (_, i) => SWAY[(i * 7) % SWAY.length]).join(" ");
  sameLanguage(long, "past the 2,000-character sample");
});

Deno.test("the word memo starts over when full and still gives the same words", () => {
  // More distinct words than the memo keeps (65,536), each seen again after it refilled.
  const words = Array.from({ length: 70_000 }, (_, i) => `w${i.toString(36)}ing`);
  for (let at = 0; at < words.length; at += 5_000) {
    same(words.slice(at, at + 5_000).join(" "), [{ lang: "en" }], "first sight");
  }
  same(words.slice(0, 5_000).join(" "), [{ lang: "en" }], "after the memo started over");
});
