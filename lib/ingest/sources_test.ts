import assert from "node:assert/strict";
import { formatFrontMatter, parseFrontMatter } from "./front_matter.ts";
import {
  documentFromMarkdown,
  documentIdFromPath,
  documentsFromJsonl,
  isSourceFailure,
  listSourceFiles,
  readSourceTree,
  type SourceEntry,
} from "./sources.ts";

async function collect(entries: AsyncIterable<SourceEntry>): Promise<SourceEntry[]> {
  const out: SourceEntry[] = [];
  for await (const e of entries) out.push(e);
  return out;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title} - Lore</title>` +
  `<link rel="canonical" href="https://lore.example/wiki/${title.replaceAll(" ", "_")}">` +
  `</head><body><main><h1>${title}</h1><p>${body}</p></main></body></html>`;

Deno.test("parseFrontMatter reads title, url and description, and round-trips", async (t) => {
  await t.step("bare and quoted values", () => {
    const { data, body } = parseFrontMatter(
      "---\ntitle: City of Varrow\nurl: 'https://lore.example/wiki/Varrow'\n" +
        'description: "Salt: \\"white\\" gold"\n---\n# Body\n',
    );
    assert.deepEqual(data, {
      title: "City of Varrow",
      url: "https://lore.example/wiki/Varrow",
      description: 'Salt: "white" gold',
    });
    assert.equal(body, "# Body\n");
  });
  await t.step("no front matter leaves the text whole", () => {
    assert.deepEqual(parseFrontMatter("# Title\n---\n"), { data: {}, body: "# Title\n---\n" });
  });
  await t.step("formatFrontMatter output parses back", () => {
    const data = { title: 'A: "quoted" — title', url: "https://x.example/a b", lang: "en" };
    const text = formatFrontMatter(data) + "Body.";
    assert.deepEqual(parseFrontMatter(text), { data, body: "Body." });
  });
});

Deno.test("documentFromMarkdown takes metadata from front matter, else the first heading", async () => {
  const withMatter = await documentFromMarkdown(
    "notes/varrow",
    "---\ntitle: Varrow\nurl: https://lore.example/wiki/Varrow\n---\n# Other\n\nText.",
  );
  assert.equal(withMatter.title, "Varrow");
  assert.equal(withMatter.url, "https://lore.example/wiki/Varrow");
  assert.equal(withMatter.markdown, "# Other\n\nText.");
  assert.match(withMatter.contentHash, /^[0-9a-f]{64}$/);
  const bare = await documentFromMarkdown("notes/varrow", "# The Salt City\n\nText.");
  assert.equal(bare.title, "The Salt City");
  assert.equal(bare.url, "");
  const untitled = await documentFromMarkdown("notes/varrow", "Just text.", {
    contentType: "text/plain",
  });
  assert.equal(untitled.title, "varrow");
  assert.equal(untitled.contentType, "text/plain");
});

Deno.test("documentsFromJsonl reports malformed lines by number and ingests the rest", async () => {
  const lines = [
    JSON.stringify({ url: "https://lore.example/wiki/A", content: page("A", "Alpha text.") }),
    "{not json",
    "",
    JSON.stringify({ url: "https://lore.example/wiki/B" }),
    JSON.stringify({ url: "https://lore.example/wiki/C", content: page("C", "Gamma text.") }),
  ];
  const entries = await collect(documentsFromJsonl(lines.join("\n"), { source: "crawl.jsonl" }));
  const failures = entries.filter(isSourceFailure);
  assert.deepEqual(failures.map((f) => [f.id, f.reason.split(":")[0]]), [
    ["crawl.jsonl:2", "line 2"],
    ["crawl.jsonl:4", "line 4"],
  ]);
  const docs = entries.filter((e) => !isSourceFailure(e));
  assert.deepEqual(docs.map((d) => d.id), [
    "https://lore.example/wiki/A",
    "https://lore.example/wiki/C",
  ]);
  assert.ok(docs.every((d) => !isSourceFailure(d) && d.markdown.includes("text.")));
});

Deno.test("readSourceTree walks a folder recursively in sorted order", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/places/north`, { recursive: true });
    await Deno.mkdir(`${root}/.hidden`);
    await Deno.writeTextFile(`${root}/zeta.md`, "---\ntitle: Zeta\n---\nZ text.");
    await Deno.writeTextFile(
      `${root}/places/north/city-of-varrow.html`,
      page("City of Varrow", "Salt."),
    );
    await Deno.writeTextFile(`${root}/places/alpha.txt`, "Alpha text.");
    await Deno.writeTextFile(`${root}/.hidden/secret.md`, "hidden");
    await Deno.writeTextFile(`${root}/image.png`, "not text");
    await Deno.writeTextFile(
      `${root}/crawl.jsonl`,
      `{"url":"https://lore.example/wiki/J","content":"<p>J text.</p>"}\n{oops\n`,
    );
    assert.deepEqual(await listSourceFiles(root), [
      "crawl.jsonl",
      "places/alpha.txt",
      "places/north/city-of-varrow.html",
      "zeta.md",
    ]);
    const entries = await collect(readSourceTree(root));
    assert.deepEqual(entries.map((e) => e.id), [
      "https://lore.example/wiki/J",
      "crawl.jsonl:2",
      "places/alpha",
      "places/north/city-of-varrow",
      "zeta",
    ]);
    const varrow = entries[3];
    assert.ok(!isSourceFailure(varrow));
    assert.equal(varrow.title, "City of Varrow");
    assert.equal(varrow.url, "https://lore.example/wiki/City_of_Varrow", "from the canonical link");
    assert.equal(varrow.contentType, "text/html");
    const single = await collect(readSourceTree(`${root}/zeta.md`));
    assert.deepEqual(single.map((e) => e.id), ["zeta"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("documentIdFromPath drops the extension and normalizes separators", () => {
  assert.equal(documentIdFromPath("city-of-varrow.html"), "city-of-varrow");
  assert.equal(documentIdFromPath("./places\\north/a.b.md"), "places/north/a.b");
  assert.equal(documentIdFromPath("README"), "README");
});
