import assert from "node:assert/strict";
import { analyze, analyzeWords, chunkWordDigest, jaccard, termSet } from "../text/mod.ts";
import { bodyLikeness, chunkWordSets, type WordSet } from "./chunk_terms.ts";

const hit = (id: string, title: string, text: string) => ({
  id,
  text,
  score: 1,
  metadata: {
    documentId: id,
    title,
    url: "",
    heading: `${title} › Lore`,
    position: 0,
    contentHash: id,
  },
});

const HITS = [
  hit(
    "en",
    "Maelis Quorn",
    "Maelis was born in 1089 AL in the shipyards of Skarrow; she ruled the fleets.",
  ),
  hit("de", "Die Glaswyrm", "Der Wurm lebt in den Höhlen unter dem Glasmeer und frisst Salz."),
  hit("ja", "灯火の学院", "学院は灯火を守り、古い書物を読んで暮らしている。"),
];

/** Every word and term any analysis of `text` gives, and a few that are in none. */
function universe(text: string): string[] {
  const out = new Set(["absent", "nothing", "zzz"]);
  for (const lang of ["en", "de", "ja"]) {
    for (const stemming of ["light", "full"] as const) {
      for (const w of analyzeWords(text, { lang, stemming })) {
        out.add(w.word);
        if (w.term) out.add(w.term);
      }
    }
  }
  return [...out];
}

/** `set` holds exactly `expected` among `candidates`. */
function sameMembers(set: WordSet, expected: ReadonlySet<string>, candidates: string[], why = "") {
  for (const word of candidates) assert.equal(set.has(word), expected.has(word), `${why} ${word}`);
  for (const word of expected) assert.ok(set.has(word), `${why} ${word}`);
}

Deno.test("a chunk's terms and words are the analyzer's sets of title, heading and text", () => {
  for (const lang of ["en", "de", "ja"]) {
    for (const h of HITS) {
      const full = `${h.metadata.title} ${h.metadata.heading} ${h.text}`;
      const all = universe(full);
      // The first call analyzes, the second is served from the memo.
      for (let round = 0; round < 2; round++) {
        const sets = chunkWordSets(h, lang);
        sameMembers(sets.words, termSet(full, { lang, stemming: "light" }), all, "words");
        sameMembers(sets.terms, new Set(analyze(full, { lang, stemming: "light" })), all, "terms");
      }
    }
  }
});

Deno.test("a chunk's sets are remembered per language", () => {
  const h = hit("mixed", "Glass", "The wyrms were singing in the caves");
  const full = `Glass Glass › Lore ${h.text}`;
  const en = new Set(analyze(full, { lang: "en", stemming: "light" }));
  const de = new Set(analyze(full, { lang: "de", stemming: "light" }));
  assert.notDeepEqual([...en].sort(), [...de].sort(), "English and German stems differ here");
  sameMembers(chunkWordSets(h, "en").terms, en, universe(full), "en");
  sameMembers(chunkWordSets(h, "de").terms, de, universe(full), "de");
});

Deno.test("a chunk's forms are the folded, unstemmed forms of its content words", () => {
  const h = hit("forms", "First Lantern", "It has been kept in the Sealed Gallery by its keepers.");
  const forms = chunkWordSets(h, "en").forms;
  for (const form of ["kept", "keepers", "sealed", "gallery", "lantern"]) {
    assert.ok(forms.has(form));
  }
  for (const absent of ["keep", "the", "been", "seal"]) assert.ok(!forms.has(absent), absent);
  const full = `${h.metadata.title} ${h.metadata.heading} ${h.text}`;
  const content = analyzeWords(full, { lang: "en", stemming: "light" }).filter((w) => w.term);
  sameMembers(forms, new Set(content.map((w) => w.word)), universe(full), "forms");
});

Deno.test("a chunk's body is its text's own words; its title's terms come in order", () => {
  for (const lang of ["en", "de", "ja"]) {
    for (const h of HITS) {
      const sets = chunkWordSets(h, lang);
      const body = termSet(h.text, { lang, stemming: "light" });
      assert.deepEqual(new Set(sets.bodyWords), body);
      assert.equal(sets.bodyWords.length, body.size, "each word once");
      sameMembers(sets.body, body, universe(`${h.metadata.heading} ${h.text}`), "body");
      assert.deepEqual(sets.title, analyze(h.metadata.title, { lang, stemming: "light" }));
    }
  }
});

Deno.test("bodyLikeness is the Jaccard similarity of the texts' word sets", () => {
  const a = hit("a", "A", "The river crossed the old city under the grey bridge.");
  const b = hit("b", "B", "The river crossed the new city under a grey bridge at dusk.");
  const empty = hit("c", "C", "…");
  const words = (h: typeof a) => termSet(h.text, { lang: "en", stemming: "light" });
  const [sa, sb, sc] = [a, b, empty].map((h) => chunkWordSets(h, "en"));
  assert.equal(bodyLikeness(sa, sb), jaccard(words(a), words(b)));
  assert.equal(bodyLikeness(sb, sa), jaccard(words(a), words(b)));
  assert.equal(bodyLikeness(sa, sa), 1);
  assert.equal(bodyLikeness(sc, sc), 1);
  assert.equal(bodyLikeness(sa, sc), 0);
});

Deno.test("a chunk read from the store's word digest has the same sets as one analyzed", () => {
  const chunks = [
    ...HITS,
    hit("mixed", "Straße der Häuser", "The Ｓａｌｔ Crown's keepers kept 灯火 and 학원 in 1089."),
  ];
  for (const lang of ["en", "de", "ja"]) {
    for (const h of chunks) {
      const digest = chunkWordDigest({ ...h.metadata, text: h.text, lang })!;
      // A different id, so neither is served from the other's memo entry.
      const digested = { ...h, id: `${h.id}-digest`, wordDigest: digest };
      const [a, b] = [chunkWordSets(h, lang), chunkWordSets(digested, lang)];
      const all = universe(`${h.metadata.title} ${h.metadata.heading} ${h.text}`);
      for (const kind of ["terms", "words", "forms", "body"] as const) {
        for (const word of all) {
          assert.equal(b[kind].has(word), a[kind].has(word), `${kind} ${word}`);
        }
      }
      assert.deepEqual(new Set(b.bodyWords), new Set(a.bodyWords));
      assert.equal(b.bodyWords.length, a.bodyWords.length);
      assert.deepEqual(b.title, a.title);
    }
  }
});

Deno.test("a digest of another version or language is ignored: the chunk is analyzed", () => {
  const h = HITS[0];
  const stale = { ...h, id: "stale", wordDigest: "lorechat-words/3 1999-old en\nx\n3:y z" };
  const german = chunkWordDigest({ ...h.metadata, text: "Der Wurm frisst Salz", lang: "de" })!;
  const other = { ...h, id: "other-lang", wordDigest: german };
  const all = universe(`${h.metadata.title} ${h.metadata.heading} ${h.text}`);
  const a = chunkWordSets(h, "en");
  for (const b of [chunkWordSets(stale, "en"), chunkWordSets(other, "en")]) {
    for (const word of [...all, "x", "y", "z", "wurm"]) {
      assert.equal(b.words.has(word), a.words.has(word), word);
    }
  }
});

Deno.test("likeness of chunks read from digests equals likeness of chunks analyzed", () => {
  const texts = [
    "The river crossed the old city under the grey bridge.",
    "The river crossed the new city under a grey bridge at dusk.",
    "THE RIVER crossed the Old City; the bridges were grey.",
    "Der Fluss quert die alte Stadt unter der grauen Brücke.",
    "…",
  ];
  const analyzed = texts.map((t, i) => chunkWordSets(hit(`l${i}`, "River", t), "en"));
  const digested = texts.map((t, i) => {
    const h = hit(`d${i}`, "River", t);
    const wordDigest = chunkWordDigest({ ...h.metadata, text: t, lang: "en" })!;
    return chunkWordSets({ ...h, wordDigest }, "en");
  });
  for (let i = 0; i < texts.length; i++) {
    for (let j = 0; j < texts.length; j++) {
      const want = bodyLikeness(analyzed[i], analyzed[j]);
      assert.equal(bodyLikeness(digested[i], digested[j]), want, `${i} ${j}`);
      assert.equal(bodyLikeness(digested[i], analyzed[j]), want, `${i} ${j} mixed`);
    }
  }
});

Deno.test("a digest that does not fit its text is ignored: the chunk is analyzed", () => {
  const h = HITS[0];
  const digest = chunkWordDigest({ ...h.metadata, text: h.text, lang: "en" })!;
  const cut = { ...h, id: "cut", text: h.text.slice(0, 12), wordDigest: digest };
  const want = chunkWordSets({ ...cut, id: "cut-bare", wordDigest: undefined }, "en");
  const got = chunkWordSets(cut, "en");
  for (const word of universe(`${h.metadata.title} ${h.metadata.heading} ${h.text}`)) {
    assert.equal(got.words.has(word), want.words.has(word), word);
  }
});
