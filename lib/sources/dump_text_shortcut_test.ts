import assert from "node:assert/strict";
import fc from "fast-check";
import { decodePlainText } from "./dump_text_shortcut.ts";
import { type DumpEvent, readDumpEvents } from "./mediawiki_xml.ts";

const DUMPS = new URL("../../../shared/data/real-sources/mediawiki-dumps/", import.meta.url)
  .pathname;
const SAMPLES = new URL("../../../shared/data/real-sources/wikitext/", import.meta.url).pathname;

/** `bytes` as a stream cut at `cuts` (offsets, any order). */
function streamOf(bytes: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const ends = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const end of [...ends, bytes.length]) {
    pieces.push(bytes.slice(from, end));
    from = end;
  }
  return new ReadableStream({
    pull(controller) {
      const piece = pieces.shift();
      if (piece) controller.enqueue(piece);
      else controller.close();
    },
  });
}

/** What a reader makes of an export: its events, and the message it failed with. */
async function readAll(bytes: Uint8Array, cuts: number[], shortcut: boolean) {
  const events: DumpEvent[] = [];
  let error: string | null = null;
  const tally = { shortcut: 0 };
  try {
    for await (const event of readDumpEvents(streamOf(bytes, cuts), { shortcut, tally })) {
      events.push(event);
    }
  } catch (e) {
    error = (e as Error).message;
  }
  return { events, error, shortcut: tally.shortcut };
}

Deno.test("decodePlainText decodes as an XML parser does, and refuses what is not plain", () => {
  assert.equal(decodePlainText("a &lt;b&gt; &amp;amp; &quot;q&quot; &apos;"), 'a <b> &amp; "q" \'');
  assert.equal(decodePlainText("&amp;lt; stays an entity's text"), "&lt; stays an entity's text");
  assert.equal(decodePlainText("&#65;&#x263A; &#x1F600;"), "A\u263a \u{1f600}");
  assert.equal(decodePlainText("one\r\ntwo\rthree &#13;"), "one\ntwo\nthree \r");
  assert.equal(decodePlainText("no references"), "no references");
  for (const bad of ["a & b", "&nbsp;", "&#0;", "&#xFFFE;", "x]]>y", "bell\u0007", "\uffff"]) {
    assert.equal(decodePlainText(bad), null, JSON.stringify(bad));
  }
});

/** Fragments of page texts: plain, entities, line ends, and all that must go to saxes. */
const TEXT_BITS = [
  "Ser Aldric ",
  "{{Infobox|a=b}} ",
  "&amp;nbsp;",
  "&lt;ref&gt;",
  "&quot;&apos;",
  "&#65;",
  "&#x263A;",
  "é😀",
  "\r\n",
  "\r",
  "\n",
  "]]",
  "]]>",
  "&",
  "&bogus;",
  "&#0;",
  "\u0001",
  "<b>bold</b>",
  "<!-- <text>not this</text> -->",
  "<![CDATA[ a<b & c ]]>",
  "</textarea>",
  "<text>nested</text>",
];

/** Openings of a revision's text element, and markup a reader might take for one. */
const TEXT_OPENS = [
  '<text xml:space="preserve">',
  "<text>",
  '<text bytes="12"\n>',
  '<text note="a>b">',
];
const DECOYS = ["", "<!-- <text>x</text> -->", "<textual>y</textual>", "<![CDATA[<text>]]>"];

const page = fc.record({
  title: fc.stringMatching(/^[A-Za-z ]{1,8}$/),
  decoy: fc.constantFrom(...DECOYS),
  open: fc.constantFrom(...TEXT_OPENS),
  close: fc.constantFrom("</text>", "</text >", "</text\n>"),
  selfClosing: fc.boolean(),
  text: fc.array(fc.constantFrom(...TEXT_BITS), { maxLength: 12 }),
});

type PageSpec = typeof page extends fc.Arbitrary<infer T> ? T : never;

function exportOf(pages: PageSpec[]) {
  const body = pages.map((p, i) => {
    const text = p.selfClosing ? '<text bytes="0" />' : `${p.open}${p.text.join("")}${p.close}`;
    return `<page><title>${p.title}</title><ns>0</ns><id>${i + 1}</id>` +
      `<revision><id>${i + 10}</id>${p.decoy}${text}</revision></page>\n`;
  }).join("");
  return "<mediawiki><siteinfo><sitename>S</sitename>" +
    "<base>https://s.example/wiki/Main</base></siteinfo>\n" + body + "</mediawiki>\n";
}

Deno.test("page texts read through the shortcut equal those saxes reads alone, however the bytes are cut", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(page, { minLength: 1, maxLength: 5 }),
      fc.array(fc.nat(2_000), { maxLength: 30 }),
      fc.option(fc.nat(2_000), { nil: undefined }),
      async (pages, cuts, truncate) => {
        let bytes = new TextEncoder().encode(exportOf(pages));
        if (truncate !== undefined && truncate < bytes.length) bytes = bytes.slice(0, truncate);
        const plain = await readAll(bytes, cuts, false);
        const fast = await readAll(bytes, cuts, true);
        assert.equal(plain.shortcut, 0);
        assert.equal(fast.error, plain.error);
        if (plain.error === null) {
          assert.deepEqual(fast.events, plain.events);
          // Every plain text of a whole export was taken past the parser.
          const plainTexts = pages.filter((p) =>
            !p.selfClosing && p.decoy !== "<textual>y</textual>" &&
            p.open !== '<text note="a>b">' && decodePlainText(p.text.join("")) !== null &&
            !p.text.join("").includes("<")
          );
          if (truncate === undefined) assert.ok(fast.shortcut >= plainTexts.length);
        } else {
          // A malformed export: which pages come out before the error depends on where
          // the pieces end, for saxes alone too; the pages both give are the same.
          const both = Math.min(fast.events.length, plain.events.length);
          assert.deepEqual(fast.events.slice(0, both), plain.events.slice(0, both));
        }
      },
    ),
    { numRuns: 400 },
  );
});

Deno.test("the real dump reads the same through the shortcut, cut anywhere", async () => {
  const bytes = Deno.readFileSync(`${DUMPS}/dump.xml`);
  const whole = await readAll(bytes, [], false);
  assert.equal(whole.error, null);
  // Every revision's text (not the empty `<text />`) is taken past the parser.
  const tags = new TextDecoder().decode(bytes).match(/<text\b[^>]*>/g) ?? [];
  const texts = tags.filter((tag) => !tag.endsWith("/>")).length;
  assert.ok(texts > 0);
  assert.equal((await readAll(bytes, [], true)).shortcut, texts);
  assert.ok(whole.events.some((e) => e.kind === "page" && e.page.text.length > 0));
  for (let cut = 1; cut < bytes.length; cut += 7) {
    const fast = await readAll(bytes, [cut, cut + 3], true);
    assert.deepEqual({ ...fast, shortcut: 0 }, whole, `cut at ${cut}`);
    assert.equal(fast.shortcut, texts);
  }
});

Deno.test("the real wikitext samples, escaped as MediaWiki exports them, read the same through the shortcut", async () => {
  const names = [...Deno.readDirSync(SAMPLES)].map((e) => e.name).sort();
  assert.ok(names.length >= 10);
  // MediaWiki escapes &, <, > and " in a page's text; one copy with Windows line ends.
  const escape = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const texts = names.map((name) => Deno.readTextFileSync(`${SAMPLES}${name}`));
  texts.push(texts[0].replace(/\n/g, "\r\n"));
  const xml = "<mediawiki><siteinfo><base>https://w.example/wiki/Main</base></siteinfo>\n" +
    texts.map((text, i) =>
      `<page><title>Page ${i}</title><ns>0</ns><id>${i + 1}</id><revision><id>${i + 1}</id>` +
      `<text bytes="${text.length}" xml:space="preserve">${escape(text)}</text></revision></page>\n`
    ).join("") + "</mediawiki>\n";
  const bytes = new TextEncoder().encode(xml);
  const cuts = Array.from({ length: 40 }, (_, i) => Math.floor((i + 0.5) * bytes.length / 40));
  const plain = await readAll(bytes, cuts, false);
  const fast = await readAll(bytes, cuts, true);
  assert.equal(plain.error, null);
  assert.deepEqual(fast.events, plain.events);
  assert.equal(fast.shortcut, texts.length);
  const pages = fast.events.flatMap((e) => (e.kind === "page" ? [e.page.text] : []));
  assert.deepEqual(pages.slice(0, -1), texts.slice(0, -1));
  assert.equal(pages.at(-1), texts[0]); // line ends normalized
});
