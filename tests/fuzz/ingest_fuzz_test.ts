import assert from "node:assert/strict";
import fc from "fast-check";
import { chunkMarkdown, cleanHtml } from "../../lib/ingest/mod.ts";
import { withCpuTime } from "../support/cpu_time.ts";

/** Fixed seed: a failure in CI replays exactly; change it locally to explore further. */
const SEED = 8_2026;

const TAGS = [
  "div",
  "p",
  "span",
  "b",
  "i",
  "a",
  "ul",
  "ol",
  "li",
  "table",
  "tr",
  "td",
  "th",
  "thead",
  "h1",
  "h2",
  "h3",
  "pre",
  "code",
  "script",
  "style",
  "nav",
  "footer",
  "header",
  "aside",
  "section",
  "article",
  "main",
  "blockquote",
  "img",
  "br",
  "hr",
  "svg",
  "math",
  "template",
  "iframe",
  "noscript",
  "textarea",
  "title",
  "select",
  "option",
  "html",
  "body",
  "head",
  "meta",
]; // deno-fmt-ignore

const tag = fc.constantFrom(...TAGS);
const attribute = fc
  .tuple(
    fc.constantFrom("class", "id", "href", "src", "alt", "style", "onclick", "role", "lang"),
    fc.string({ unit: "binary", maxLength: 12 }),
  )
  .map(([name, value]) => ` ${name}="${value}"`);

/** HTML-ish soup: tags opened and closed at random, text with any code point, debris. */
const htmlSoup = fc
  .array(
    fc.oneof(
      fc.tuple(tag, fc.array(attribute, { maxLength: 3 })).map(([t, a]) => `<${t}${a.join("")}>`),
      tag.map((t) => `</${t}>`),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.lorem({ maxCount: 12 }),
      fc.constantFrom(
        "<",
        ">",
        "&",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "<!DOCTYPE html>",
        "<![CDATA[",
        "]]>",
        "<?xml version='1.0'?>",
        "\u0000",
        "<!--",
        "-->",
        "\ud800",
        "\udfff",
        "</",
        "<a",
      ), // deno-fmt-ignore
    ),
    { maxLength: 200 },
  )
  .map((tokens) => tokens.join(""));

Deno.test("cleanHtml never throws on HTML soup and stays within a time bound per page", async () => {
  let slowest = 0;
  await fc.assert(
    fc.asyncProperty(htmlSoup, fc.option(fc.webUrl(), { nil: undefined }), async (html, url) => {
      const [doc, ms] = await withCpuTime(() => cleanHtml(html, { url }));
      slowest = Math.max(slowest, ms);
      assert.equal(typeof doc.markdown, "string");
      assert.equal(typeof doc.title, "string");
      assert.match(doc.contentHash, /^[0-9a-f]{64}$/);
      assert.ok(!doc.markdown.includes("<script"), "no live script survives");
    }),
    { seed: SEED, numRuns: 200 },
  );
  assert.ok(slowest < 2_000, `slowest page took ${Math.round(slowest)} ms of CPU`);
});

Deno.test("cleanHtml copes with ten thousand levels of random nesting, closed or not", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(tag, { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      async (cycle, closed) => {
        const depth = 10_000;
        const opens = Array.from({ length: depth }, (_, i) => `<${cycle[i % cycle.length]}>`);
        const closes = closed ? opens.map((o) => o.replace("<", "</")).reverse() : [];
        const html = `<body>${opens.join("")}<p>The deepest marsh word.</p>${closes.join("")}`;
        const [doc, ms] = await withCpuTime(() => cleanHtml(html));
        assert.ok(ms < 5_000, `${cycle.join(">")} took ${Math.round(ms)} ms of CPU`);
        assert.equal(typeof doc.markdown, "string");
      },
    ),
    { seed: SEED, numRuns: 8 },
  );
});

const word = fc.oneof(
  fc.constantFrom("ash", "tide", "Varrow", "glass", "wyrm", "Émeric", "鉄", "قلعة", "🐉", "x"),
  fc.stringMatching(/^[A-Za-z0-9]{1,14}$/),
  fc.stringMatching(/^[a-z]{30,90}$/), // longer than a small chunk
);
const sentence = fc.array(word, { minLength: 1, maxLength: 30 }).map((w) => w.join(" ") + ".");
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 6 }).map((s) => s.join(" "));
const block = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  {
    weight: 1,
    arbitrary: fc.array(sentence, { minLength: 1, maxLength: 8 }).map((items) =>
      items.map((s) => `- ${s}`).join("\n")
    ),
  },
  {
    weight: 1,
    arbitrary: fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 12 }).map((rows) =>
      `| a | b |\n| --- | --- |\n${rows.map(([x, y]) => `| ${x} | ${y} |`).join("\n")}`
    ),
  },
  {
    weight: 1,
    arbitrary: fc.array(sentence, { minLength: 1, maxLength: 8 }).map((lines) =>
      "```js\n" + lines.join("\n") + "\n```"
    ),
  },
  { weight: 1, arbitrary: sentence.map((s) => `> ${s}`) },
);
const heading = fc.tuple(fc.integer({ min: 1, max: 4 }), sentence).map(([level, text]) =>
  `${"#".repeat(level)} ${text.slice(0, -1)}`
);
const markdown = fc
  .array(fc.oneof({ weight: 1, arbitrary: heading }, { weight: 4, arbitrary: block }), {
    maxLength: 25,
  })
  .map((blocks) => ({ blocks, text: blocks.join("\n\n") }));
const settings = fc
  .tuple(fc.integer({ min: 40, max: 1_500 }), fc.double({ min: 0, max: 0.5, noNaN: true }))
  .chain(([size, share]) =>
    fc.record({
      size: fc.constant(size),
      overlap: fc.constant(Math.floor(size * share)),
      unit: fc.constantFrom("chars" as const, "tokens" as const),
    })
  );

const tokensOf = (text: string) => text.match(/[\p{L}\p{N}]+/gu) ?? [];

Deno.test("chunkMarkdown keeps its invariants on arbitrary Markdown", async (t) => {
  const options = (s: { size: number; overlap: number; unit: "chars" | "tokens" }) => ({
    documentId: "fuzz/doc",
    title: "Fuzz",
    url: "https://lore.example/fuzz",
    ...s,
  });
  await t.step("no empty chunk; positions and ids are dense, unique and deterministic", () => {
    fc.assert(
      fc.property(markdown, settings, ({ text }, s) => {
        const chunks = chunkMarkdown(text, options(s));
        chunks.forEach((c, i) => {
          assert.ok(c.text.trim().length > 0, "no empty chunk");
          assert.equal(c.position, i);
        });
        assert.equal(new Set(chunks.map((c) => c.id)).size, chunks.length);
        assert.deepEqual(chunkMarkdown(text, options(s)), chunks);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });
  await t.step("every word of the body is kept, none is cut", () => {
    fc.assert(
      fc.property(markdown, settings, ({ blocks }, s) => {
        const text = blocks.join("\n\n");
        const chunks = chunkMarkdown(text, options(s));
        const kept = new Set(chunks.flatMap((c) => tokensOf(c.text)));
        for (const b of blocks.filter((b) => !b.startsWith("#"))) {
          for (const token of tokensOf(b)) assert.ok(kept.has(token), `lost "${token}"`);
        }
      }),
      { seed: SEED, numRuns: 250 },
    );
  });
  await t.step("in chars, a chunk outgrows the size only to hold a single long word", () => {
    fc.assert(
      fc.property(markdown, settings, ({ text }, s) => {
        const chars = { ...s, unit: "chars" as const };
        for (const c of chunkMarkdown(text, options(chars))) {
          if (c.text.length <= chars.size) continue;
          const longest = Math.max(...c.text.split(/\s+/).map((w) => w.length));
          assert.ok(
            longest > chars.size - chars.overlap - 2 || /^(```|\|)/m.test(c.text),
            `a ${c.text.length}-char chunk for size ${chars.size}`,
          );
        }
      }),
      { seed: SEED, numRuns: 250 },
    );
  });
});
