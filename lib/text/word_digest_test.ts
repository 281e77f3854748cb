import assert from "node:assert/strict";
import { analyze, analyzeWords } from "./analyze.ts";
import { ChunkWordClasses, WORD_CLASS } from "./chunk_words.ts";
import { chunkWordDigest, readWordDigest, WordPlaces, writeWordDigest } from "./word_digest.ts";

const CHUNK = {
  title: "The Salt Crown",
  heading: "The Salt Crown › History › History",
  text: "The Salt Crown was forged, re-forged and forged again in Skarrow's salt-pans.",
  lang: "en",
};

/** The classes of a chunk analyzed afresh, as a turn without a digest makes them. */
function analyzed(chunk: typeof CHUNK): ChunkWordClasses {
  const classes = new ChunkWordClasses();
  const options = { lang: chunk.lang, stemming: "light" as const };
  for (const [part, text] of [chunk.title, chunk.heading, chunk.text].entries()) {
    for (const w of analyzeWords(text, options)) classes.add(part, w.word, w.term);
  }
  return classes;
}

Deno.test("a digest gives back exactly the classes of the chunk analyzed afresh", () => {
  const chunks = [
    CHUNK,
    { title: "Die Häuser", heading: "Straße", text: "Der Wurm frisst Salz.", lang: "de" },
    { title: "灯火の学院", heading: "", text: "学院は灯火を守り、古い書物を読む。", lang: "ja" },
    {
      title: "Mixed",
      heading: "",
      text: "The Ｓａｌｔ Crown's keepers kept 灯火 and 학원.",
      lang: "en",
    },
    {
      title: "Cases",
      heading: "SHOUTED › Heading",
      text: "İstanbul and ΣΟΦΟΣ ΟΔΟΣ met the STRAẞE, SALT, Salt and salt; " +
        "Pneumonoultramicroscopicsilicovolcanoconiosis twice: pneumonoultramicroscopicsilicovolcanoconiosis.",
      lang: "en",
    },
    { title: "Σοφός", heading: "", text: "Ο ΣΟΦΟΣ ΔΡΟΜΟΣ ΤΗΣ ΠΟΛΗΣ", lang: "el" },
  ];
  for (const chunk of chunks) {
    const want = analyzed(chunk);
    const got = readWordDigest(chunkWordDigest(chunk)!, chunk.lang, chunk.text)!;
    assert.deepEqual(got.flags, want.flags, chunk.lang);
    assert.deepEqual(got.title, want.title);
    assert.deepEqual(new Set(got.bodyWords), new Set(want.bodyWords));
    assert.equal(got.bodyWords.length, want.bodyWords.length, "each body word once");
  }
});

Deno.test("a digest holds the title's terms in order and each word's classes", () => {
  const got = readWordDigest(chunkWordDigest(CHUNK)!, "en", CHUNK.text)!;
  assert.deepEqual(got.title, analyze(CHUNK.title, { lang: "en", stemming: "light" }));
  const { TERM, WORD, FORM, BODY } = WORD_CLASS;
  assert.equal(got.flags.get("the"), WORD | BODY, "a stopword is a word, not a term");
  assert.equal(got.flags.get("salt"), TERM | WORD | FORM | BODY);
  assert.equal(got.flags.get("history"), TERM | WORD | FORM, "heading only: not body");
  assert.ok(got.flags.has("skarrows"), "folded as the analyzer folds");
});

Deno.test("a digest is read only in its language and analyzer version", () => {
  const digest = chunkWordDigest(CHUNK)!;
  assert.ok(readWordDigest(digest, "en", CHUNK.text));
  assert.equal(readWordDigest(digest, "de", CHUNK.text), null, "another language");
  const old = digest.replace(/^(lorechat-words\/3) \S+/, "$1 1999-old");
  assert.equal(readWordDigest(old, "en", CHUNK.text), null, "another analyzer version");
  assert.equal(readWordDigest("salt crown", "en", CHUNK.text), null);
  assert.equal(readWordDigest(`${digest}\nzz:x`, "en", CHUNK.text), null, "a bad mask");
  assert.equal(readWordDigest(`${digest}\n3:`, "en", CHUNK.text), null, "an empty class line");
});

Deno.test("no digest for an undetermined language or a word holding white space", () => {
  assert.equal(chunkWordDigest({ ...CHUNK, lang: "und" }), null);
  const classes = new ChunkWordClasses();
  classes.add(2, "a b", "a b");
  assert.equal(writeWordDigest("en", classes, new WordPlaces("no such word")), null);
  const title = new ChunkWordClasses();
  title.add(0, "x\ty", "x\ty");
  assert.equal(writeWordDigest("en", title, new WordPlaces("")), null);
});

Deno.test("an empty chunk has a readable digest with no words", () => {
  const got = readWordDigest(
    chunkWordDigest({ title: "", heading: "", text: "", lang: "en" })!,
    "en",
    "",
  )!;
  assert.equal(got.flags.size, 0);
  assert.deepEqual(got.title, []);
  assert.deepEqual(got.bodyWords, []);
});

Deno.test("words are stretches of the text where they can be: a digest is a fraction of it", () => {
  const text = "The Salt Crown was forged, re-forged and forged again in the salt-pans. ".repeat(4);
  const digest = chunkWordDigest({ ...CHUNK, text })!;
  const body = digest.slice(digest.indexOf("\n", digest.indexOf("\n") + 1) + 1);
  assert.ok(!/forged|crown/.test(body), `words in the text are not written out: ${body}`);
  assert.ok(body.length < 60, `${body.length} characters`);
});

Deno.test("a digest read against a text it does not fit is refused", () => {
  const digest = chunkWordDigest(CHUNK)!;
  assert.equal(readWordDigest(digest, "en", CHUNK.text.slice(0, 10)), null);
});

Deno.test("a damaged digest is refused or read, never thrown on", () => {
  const digest = chunkWordDigest(CHUNK)!;
  const damaged = [
    ...Array.from({ length: digest.length }, (_, i) => digest.slice(0, i)),
    ...Array.from({ length: digest.length }, (_, i) => `${digest.slice(0, i)}\n${digest.slice(i)}`),
    ...Array.from(
      { length: digest.length },
      (_, i) => `${digest.slice(0, i)}o${digest.slice(i + 1)}`,
    ),
  ];
  for (const d of damaged) {
    const got = readWordDigest(d, "en", CHUNK.text);
    if (got) { for (const word of got.flags.keys()) assert.equal(typeof word, "string"); }
  }
});

Deno.test("a digest's text stays byte for byte as stores hold it", () => {
  // Written by the analyzer of `ANALYZER_VERSION` before the digest writer was made
  // faster: stretches as they are and lower-cased, words written out, in every class.
  const chunk = {
    title: "The Salt Crown of Skarrow",
    heading: "The Salt Crown › History › Forging",
    text: "The Salt Crown was forged, re-forged and FORGED again in Skarrow's salt-pans; " +
      "its forgers were the Ninefold Smiths of Élan, who ruled the Salt Coast for ninety-nine years.",
    lang: "en",
  };
  assert.equal(
    chunkWordDigest(chunk),
    "lorechat-words/3 2026-12-text-3 en\nsalt crown skarrow\n4=C6e14:7^15P1455\n4~\\36\n" +
      "4:forging skarrows\n7:history\na=?3<2:3;562H3<4I293I3\na~03\nb=C4e13h13P1354\nb~\\35\n" +
      "f=i46\nf~4455j28\\15\nf:skarrow elan",
  );
});
