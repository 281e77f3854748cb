import assert from "node:assert/strict";
import fc from "fast-check";
import { type Chunk, chunkId, chunkMarkdown, type ChunkOptions } from "./chunk.ts";
import { estimateTokens, measure } from "./text_split.ts";

const base: ChunkOptions = {
  documentId: "city-of-varrow",
  title: "City of Varrow",
  url: "https://lore.example/wiki/City_of_Varrow",
  size: 1200,
  overlap: 0,
  unit: "chars",
};

function chunk(markdown: string, options: Partial<ChunkOptions> = {}): Chunk[] {
  return chunkMarkdown(markdown, { ...base, ...options });
}

const sentence = (n: number) => `Sentence number ${n} tells of the salt road and its keepers.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(" ");

Deno.test("chunkMarkdown keeps the heading path", async (t) => {
  const cases: { name: string; markdown: string; headings: string[] }[] = [
    {
      name: "nested ATX headings, with the page h1 equal to the title folded in",
      markdown: "# City of Varrow\n\nIntro.\n\n## History\n\nOld.\n\n### Salt Wars\n\nWar.\n\n" +
        "## Geography\n\nFlat.",
      headings: [
        "City of Varrow",
        "City of Varrow › History",
        "City of Varrow › History › Salt Wars",
        "City of Varrow › Geography",
      ],
    },
    {
      name: "setext headings",
      markdown: "History\n=======\n\nOld.\n\nSalt Wars\n---------\n\nWar.",
      headings: ["City of Varrow › History", "City of Varrow › History › Salt Wars"],
    },
    {
      name: "a # line inside a code block is not a heading",
      markdown: "## Code\n\n```sh\n# comment\necho hi\n```",
      headings: ["City of Varrow › Code"],
    },
    {
      name: "emphasis in a heading is dropped from the path",
      markdown: "## The **Grey** Marsh\n\nWet.",
      headings: ["City of Varrow › The Grey Marsh"],
    },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      assert.deepEqual(chunk(c.markdown).map((x) => x.heading), c.headings);
    });
  }
});

Deno.test("chunkMarkdown keeps blocks whole when they fit", async (t) => {
  const blocks: { name: string; block: string }[] = [
    { name: "list", block: "- salt\n- reeds\n  still reeds\n- eels" },
    { name: "table", block: "| Name | Age |\n|---|---|\n| Ana | 3 |\n| Bo | 44 |" },
    { name: "code", block: "```ts\nconst a = 1;\n\nconst b = 2;\n```" },
  ];
  for (const { name, block } of blocks) {
    await t.step(name, () => {
      const markdown = `## Part\n\n${paragraph(0, 2)}\n\n${block}\n\n${paragraph(2, 2)}`;
      const chunks = chunk(markdown, { size: block.length + 20, overlap: 10 });
      assert.ok(chunks.length > 1);
      assert.ok(chunks.some((x) => x.text.includes(block)), `the ${name} stays in one chunk`);
    });
  }
});

Deno.test("chunkMarkdown repeats the table header in every piece of a split table", () => {
  const rows = Array.from({ length: 30 }, (_, i) => `| Keeper ${i} | ${1000 + i} |`);
  const header = "| Name | Year |\n|------|------|";
  const chunks = chunk(`## Keepers\n\n${header}\n${rows.join("\n")}`, { size: 120 });
  assert.ok(chunks.length >= 3);
  for (const c of chunks) {
    assert.ok(c.text.includes(header), `every piece has the header: ${c.text}`);
    assert.ok(c.text.length <= 120);
  }
  const seen = chunks.flatMap((c) => c.text.split("\n").filter((l) => l.includes("Keeper ")));
  assert.deepEqual(seen, rows, "every row appears once, in order");
});

Deno.test("chunkMarkdown splits an oversize code block by line inside its fence", () => {
  const lines = Array.from({ length: 40 }, (_, i) => `let value${i} = ${i};`);
  const chunks = chunk("```js\n" + lines.join("\n") + "\n```", { size: 150, overlap: 20 });
  assert.ok(chunks.length > 1);
  for (const c of chunks) {
    assert.ok(c.text.startsWith("```js\n") && c.text.endsWith("\n```"), c.text);
    assert.ok(c.text.length <= 150);
  }
  const seen = chunks.flatMap((c) => c.text.split("\n").slice(1, -1));
  assert.deepEqual(seen, lines);
});

Deno.test("chunkMarkdown cuts oversize prose between sentences and carries overlap", () => {
  const text = paragraph(0, 12);
  const chunks = chunk(`## Road\n\n${text}`, { size: 200, overlap: 80 });
  assert.ok(chunks.length >= 4);
  for (const c of chunks) assert.ok(c.text.length <= 200, `${c.text.length} > 200`);
  for (const c of chunks.slice(1)) {
    assert.match(c.text, /^Sentence number \d+/, "a chunk starts at a sentence");
  }
  for (let i = 1; i < chunks.length; i++) {
    const firstSentence = chunks[i].text.match(/^.*?\.(?=\s|$)/)![0];
    assert.ok(chunks[i - 1].text.endsWith(firstSentence), "the next chunk repeats a sentence");
  }
});

Deno.test("chunkMarkdown falls back to word boundaries for a long sentence", () => {
  const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
  const chunks = chunk(words.join(" "), { size: 100, overlap: 15 });
  const vocabulary = new Set(words);
  for (const c of chunks) {
    assert.ok(c.text.length <= 100);
    for (const w of c.text.split(/\s+/)) assert.ok(vocabulary.has(w), `"${w}" is a whole word`);
  }
  for (let i = 1; i < chunks.length; i++) {
    const first = chunks[i].text.split(" ")[0];
    assert.ok(chunks[i - 1].text.includes(first), "overlap carries the previous words");
  }
});

Deno.test("chunkMarkdown does not carry overlap across sections", () => {
  const chunks = chunk(`## A\n\n${paragraph(0, 3)}\n\n## B\n\n${paragraph(10, 1)}`, {
    size: 150,
    overlap: 60,
  });
  const b = chunks.filter((c) => c.heading.endsWith("› B"));
  assert.equal(b.length, 1);
  assert.equal(b[0].text, `## B\n\n${sentence(10)}`);
});

Deno.test("chunkMarkdown measures tokens when asked", () => {
  const chunks = chunk(paragraph(0, 30), { size: 60, overlap: 10, unit: "tokens" });
  assert.ok(chunks.length > 5);
  for (const c of chunks) assert.ok(estimateTokens(c.text) <= 60);
  assert.ok(chunks.some((c) => c.text.length > 60), "tokens are not characters");
});

Deno.test("chunkMarkdown ids are deterministic and safe", async (t) => {
  await t.step("same input, same chunks", () => {
    const markdown = `# T\n\n${paragraph(0, 20)}`;
    assert.deepEqual(chunk(markdown, { size: 300 }), chunk(markdown, { size: 300 }));
  });
  await t.step("ids follow positions", () => {
    const chunks = chunk(paragraph(0, 20), { size: 300 });
    chunks.forEach((c, i) => {
      assert.equal(c.position, i);
      assert.equal(c.id, `city-of-varrow#${i}`);
    });
  });
  await t.step("long or unsafe document ids are hashed, stay short and distinct", () => {
    const long = "https://lore.example/wiki/" + "x".repeat(500);
    const ids = [long, long + "y", "a b", "a#b", "ünïcode"].map((d) => chunkId(d, 12));
    for (const id of ids) {
      assert.ok(id.length <= 200, id);
      assert.match(id, /^[\x21-\x7e]+$/);
      assert.equal(id.split("#").length, 2);
    }
    assert.equal(new Set(ids).size, ids.length);
  });
});

Deno.test("chunkMarkdown returns no chunks for empty or heading-only documents", () => {
  assert.deepEqual(chunk(""), []);
  assert.deepEqual(chunk("  \n\n "), []);
  assert.deepEqual(chunk("# City of Varrow\n\n## Contents\n"), []);
});

Deno.test("chunkMarkdown rejects a size or overlap that cannot work", () => {
  assert.throws(() => chunk("x", { size: 0 }), RangeError);
  assert.throws(() => chunk("x", { size: 100, overlap: 100 }), RangeError);
  assert.throws(() => chunk("x", { size: 100, overlap: -1 }), RangeError);
});

// --- property test -------------------------------------------------------------------

const word = fc.stringMatching(/^[a-z]{1,10}$/);
const proseSentence = fc.array(word, { minLength: 1, maxLength: 14 })
  .map((ws) => ws.join(" ") + ".");
const proseParagraph = fc.array(proseSentence, { minLength: 1, maxLength: 8 })
  .map((ss) => ss.join(" "));
const list = fc.array(proseSentence, { minLength: 1, maxLength: 6 })
  .map((items) => items.map((s) => `- ${s}`).join("\n"));
const table = fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 8 })
  .map((rows) =>
    ["| Head | Tail |", "|---|---|", ...rows.map(([a, b]) => `| ${a} | ${b} |`)]
      .join("\n")
  );
const code = fc.array(fc.array(word, { minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 8,
}).map((ls) => ["```", ...ls.map((l) => l.join(" ")), "```"].join("\n"));
const block = fc.oneof(proseParagraph, proseParagraph, list, table, code);
const section = fc.tuple(fc.integer({ min: 1, max: 4 }), word, fc.array(block, { maxLength: 5 }))
  .map(([level, title, blocks]) =>
    [`${"#".repeat(level)} Heading${title.toUpperCase()}`, ...blocks].join("\n\n")
  );
const documentArb = fc.array(section, { maxLength: 6 }).map((s) => s.join("\n\n"));
const optionsArb = fc.oneof(
  fc.integer({ min: 40, max: 600 }).chain((size) =>
    fc.record({
      size: fc.constant(size),
      overlap: fc.integer({ min: 0, max: Math.floor(size / 2) }),
      unit: fc.constant("chars" as const),
    })
  ),
  fc.integer({ min: 12, max: 150 }).chain((size) =>
    fc.record({
      size: fc.constant(size),
      overlap: fc.integer({ min: 0, max: Math.floor(size / 2) }),
      unit: fc.constant("tokens" as const),
    })
  ),
);

Deno.test("chunkMarkdown invariants hold for generated documents", () => {
  fc.assert(
    fc.property(documentArb, optionsArb, (markdown, opts) => {
      const chunks = chunk(markdown, opts);
      const sourceWords = new Set(markdown.split(/\s+/).filter(Boolean));
      const seen = new Set<string>();
      chunks.forEach((c, i) => {
        assert.notEqual(c.text.trim(), "", "no empty chunk");
        assert.equal(c.text, c.text.trim(), "no leading or trailing whitespace");
        assert.ok(measure(c.text, opts.unit) <= opts.size, "within size");
        assert.equal(c.position, i);
        assert.equal(c.id, chunkId(base.documentId, i));
        assert.ok(c.heading.startsWith(base.title));
        for (const w of c.text.split(/\s+/)) {
          assert.ok(sourceWords.has(w), `"${w}" is a whole source word`);
          seen.add(w);
        }
      });
      // Every body word lands in some chunk (headings may live only in the path).
      for (const w of markdown.split(/\s+/)) {
        if (/^[a-z]+\.?$/.test(w)) assert.ok(seen.has(w), `"${w}" is kept`);
      }
      assert.deepEqual(chunk(markdown, opts), chunks, "deterministic");
    }),
    { numRuns: 300, seed: 20240611 },
  );
});

Deno.test("CRLF and lone CR line ends chunk as LF ones do", () => {
  const lf =
    "# Brackhaven\n\nThe salt-harbour capital.\n\n## Rulers\n\n- Queen Isaveth\n- The Tide Hall\n";
  const options = { size: 60, overlap: 20 };
  const expected = chunk(lf, options);
  assert.ok(expected.length > 1);
  assert.deepEqual(chunk(lf.replaceAll("\n", "\r\n"), options), expected);
  assert.deepEqual(chunk(lf.replaceAll("\n", "\r"), options), expected);
});
