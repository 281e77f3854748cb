import assert from "node:assert/strict";
import { HEAD_CHARS, pageHeads } from "./page_heads.ts";
import { scanRedirects } from "./dump_titles.ts";

/** The heads as a whole-text scan finds them: the reference the byte scan must equal. */
function headsOfText(xml: string): string[] {
  const heads: string[] = [];
  let from = 0;
  for (let end = xml.indexOf("</page>"); end >= 0; end = xml.indexOf("</page>", from)) {
    const segment = xml.slice(from, end);
    const start = segment.indexOf("<page");
    if (start >= 0) heads.push(segment.slice(start, start + HEAD_CHARS));
    from = end + 7;
  }
  return heads;
}

/** `bytes` as a stream of pieces of `size` bytes (cutting through multi-byte characters). */
function piecewise(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const heads: string[] = [];
  for await (const head of pageHeads(stream)) heads.push(head);
  return heads;
}

const page = (title: string, body: string) =>
  `<page><title>${title}</title><ns>0</ns><revision><id>1</id><text>${body}</text></revision></page>\n`;

// Short pages, pages with multi-byte text (2-, 3- and 4-byte UTF-8) straddling the head's
// end, and pages far longer than a piece, whose end arrives many pieces later.
const XML = "\uFEFF<mediawiki><siteinfo><base>https://w.example/wiki/M</base></siteinfo>\n" +
  page("Ash", "#REDIRECT [[Ember]]") +
  page("Ember", "short") +
  page("Straße", "é".repeat(HEAD_CHARS)) +
  page("東京", "字".repeat(3 * HEAD_CHARS)) +
  page("Emoji", "😀".repeat(HEAD_CHARS)) +
  page("Long", "x".repeat(300_000) + "ü".repeat(70_000)) +
  page("Last", "#redirect [[Straße]]") +
  "<page><title>Cut off</title><text>never end";

Deno.test("page heads from bytes equal a whole-text scan's, however the bytes are cut", async () => {
  const bytes = new TextEncoder().encode(XML);
  const expected = headsOfText(XML);
  assert.equal(expected.length, 7);
  for (const size of [997, 4093, 65_536, 262_144, bytes.length]) {
    const heads = await collect(piecewise(bytes, size));
    assert.deepEqual(heads, expected, `pieces of ${size} bytes`);
  }
});

Deno.test("a page longer than a piece keeps only its head while its end is awaited", async () => {
  const bytes = new TextEncoder().encode(page("Huge", "y".repeat(2_000_000)));
  const [head] = await collect(piecewise(bytes, 262_144));
  assert.equal(head.length, HEAD_CHARS);
  assert.ok(head.startsWith("<page><title>Huge</title>"));
});

Deno.test("the redirect scan reads redirects from the heads (with and without <ns>)", async () => {
  const found = [];
  const bytes = new TextEncoder().encode(
    XML.replace(
      "<page><title>Cut off",
      '<page><title>Old &amp; new</title><redirect title="Ember" /></page><page><title>Cut off',
    ),
  );
  for await (const r of scanRedirects(piecewise(bytes, 1_000))) found.push(r);
  assert.deepEqual(found, [
    { from: "Ash", to: "Ember", ns: 0 },
    { from: "Last", to: "Straße", ns: 0 },
    { from: "Old & new", to: "Ember" },
  ]);
});

Deno.test("a head is cut at HEAD_CHARS whichever character straddles the bytes first decoded", async () => {
  // One-byte text up to near the head's end, then 2-, 3- and 4-byte characters: the
  // first decode (HEAD_CHARS + 4 bytes) ends inside each kind of character in turn.
  const prefix = page("T", "").indexOf("</text>");
  let xml = "";
  for (let k = -8; k <= 8; k++) {
    for (const wide of ["é", "字", "😀", "é字😀"]) {
      xml += page("T", "a".repeat(HEAD_CHARS - prefix + k) + wide.repeat(40));
    }
  }
  const bytes = new TextEncoder().encode(xml);
  const expected = headsOfText(xml);
  assert.equal(expected.length, 17 * 4);
  assert.ok(expected.every((head) => head.length === HEAD_CHARS));
  for (const size of [1_009, 65_536, bytes.length]) {
    assert.deepEqual(await collect(piecewise(bytes, size)), expected, `pieces of ${size} bytes`);
  }
});

Deno.test("a long page's end is found wherever a piece boundary cuts its </page>", async () => {
  const xml = page("Long", "z".repeat(200_000)) + page("Next", "short");
  const bytes = new TextEncoder().encode(xml);
  const close = xml.indexOf("</page>");
  const expected = headsOfText(xml);
  for (let j = 0; j <= 7; j++) {
    const cut = close + j;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 100_000));
        controller.enqueue(bytes.slice(100_000, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    assert.deepEqual(await collect(stream), expected, `cut ${j} bytes into </page>`);
  }
});
