import assert from "node:assert/strict";
import { parseDocument } from "./dom.ts";
import { elementToMarkdown } from "./markdown.ts";

/** Renders a body fragment straight to Markdown, without content extraction. */
function render(bodyHtml: string, baseUrl = "https://lore.example/wiki/page"): string {
  const document = parseDocument(`<html><body>${bodyHtml}</body></html>`);
  return elementToMarkdown(document.body, { baseUrl });
}

Deno.test("elementToMarkdown renders a simple data table as a GFM table", () => {
  const md = render(`<table>
    <thead><tr><th>Year</th><th>Event</th></tr></thead>
    <tbody><tr><td>412</td><td>Ysolde born</td></tr><tr><td>440</td><td>Crowned | anointed</td></tr></tbody>
  </table>`);
  assert.equal(
    md,
    "| Year | Event |\n| --- | --- |\n| 412 | Ysolde born |\n| 440 | Crowned \\| anointed |",
  );
});

Deno.test("elementToMarkdown expands spans so every row has the same width", () => {
  const md = render(`<table>
    <tr><th>Era</th><th>Ruler</th><th>Seat</th></tr>
    <tr><td rowspan="2">First</td><td>Aldo</td><td>Keep</td></tr>
    <tr><td colspan="2">Brenna, at sea</td></tr>
  </table>`);
  const rows = md.split("\n");
  assert.equal(rows.length, 4);
  for (const row of rows) assert.equal(row.split(" | ").length, 3, row);
  assert.match(md, /\| First \| Aldo \| Keep \|/);
  assert.ok(md.includes("|  | Brenna, at sea |  |"), md);
});

Deno.test("elementToMarkdown reads nested and layout tables as text, not as a grid", () => {
  const md = render(`<table><tr>
    <td><p>The outer cell holds a paragraph about the marsh folk and their boats.</p>
      <table><tr><th>Boat</th><th>Crew</th></tr><tr><td>Reed skiff</td><td>2</td></tr></table></td>
    <td><p>The second column speaks of the river lords.</p></td>
  </tr></table>`);
  assert.match(md, /^The outer cell holds a paragraph/);
  assert.match(md, /\| Boat \| Crew \|\n\| --- \| --- \|\n\| Reed skiff \| 2 \|/);
  assert.match(md, /The second column speaks of the river lords\.$/);
});

Deno.test("elementToMarkdown renders two-column fact tables as key: value lines", () => {
  const md = render(`<table class="infobox"><tr><th colspan="2">Harrowmere</th></tr>
    <tr><th>Ruler</th><td>Queen Ysolde</td></tr><tr><th>Rivers</th><td><ul><li>Essa</li><li>Dun</li></ul></td></tr></table>`);
  assert.equal(md, "**Harrowmere**\n\n- **Ruler**: Queen Ysolde\n- **Rivers**: Essa; Dun");
});

Deno.test("elementToMarkdown renders lists, quotes, emphasis and headings", async (t) => {
  await t.step("nested lists indent under their item", () => {
    assert.equal(
      render("<ul><li>Rivers<ul><li>Essa</li><li>Dun</li></ul></li><li>Hills</li></ul>"),
      "- Rivers\n  - Essa\n  - Dun\n- Hills",
    );
  });
  await t.step("ordered lists count from their start", () => {
    assert.equal(render('<ol start="3"><li>Third</li><li>Fourth</li></ol>'), "3. Third\n4. Fourth");
  });
  await t.step("block quotes are prefixed", () => {
    assert.equal(
      render("<blockquote><p>Winter comes.</p><p>Be ready.</p></blockquote>"),
      "> Winter comes.\n>\n> Be ready.",
    );
  });
  await t.step("emphasis keeps its spaces outside the markers", () => {
    assert.equal(
      render("<p>The <b> old </b>king and <i>his</i> hound</p>"),
      "The **old** king and *his* hound",
    );
  });
  await t.step("headings keep their level", () => {
    assert.equal(render("<h3>The <em>Long</em> Winter</h3>"), "### The *Long* Winter");
  });
  await t.step("inline code is fenced with enough backticks", () => {
    assert.equal(render("<p>Run <code>a ` b</code> now</p>"), "Run ``a ` b`` now");
  });
});

Deno.test("elementToMarkdown escapes prose that would read as Markdown", () => {
  const md = render(
    "<p>1. Not a list</p><p># Not a heading</p><p>2*3*4 and snake_case and _under_</p>",
  );
  assert.equal(
    md,
    "1\\. Not a list\n\n\\# Not a heading\n\n2\\*3\\*4 and snake_case and \\_under\\_",
  );
});

Deno.test("elementToMarkdown resolves links and skips script-like hrefs", () => {
  const md = render(
    '<p><a href="/wiki/Essa">Essa</a>, <a href="javascript:void(0)">menu</a>, <a href="mailto:x@y.z">mail</a>, <a href="https://other.example/a b">other</a></p>',
  );
  assert.equal(
    md,
    "[Essa](https://lore.example/wiki/Essa), menu, mail, [other](https://other.example/a%20b)",
  );
});

Deno.test("elementToMarkdown keeps meaningful alt text and skips file names and repeats", () => {
  const md = render(
    `<p><img src="a.png" alt="A map of the Reach"> <img src="b.png" alt="IMG_2041.jpg">
    <img src="c.png" alt="A map of the Reach"> <img src="d.png" alt=""></p>`,
  );
  assert.equal(md, "![A map of the Reach](https://lore.example/wiki/a.png)");
});

Deno.test("elementToMarkdown keeps <pre> whitespace and <br> line breaks", () => {
  assert.equal(render("<pre>  a\n    b<br>c</pre>"), "```\n  a\n    b\nc\n```");
  assert.equal(render("<p>line one<br>line two</p>"), "line one\nline two");
});

Deno.test("elementToMarkdown drops headings whose sections were emptied", () => {
  const md = render(`<h2>Myth</h2><p>Auren struck the anvil.</p><h2>See also</h2><ul></ul>
    <h2>Worship</h2><h3>Feasts</h3><p>The Kindling.</p><h3>Empty</h3>`);
  assert.equal(
    md,
    "## Myth\n\nAuren struck the anvil.\n\n## Worship\n\n### Feasts\n\nThe Kindling.",
  );
});

Deno.test("elementToMarkdown takes lazy-loaded image addresses from data-src", () => {
  const md = render(
    '<p><img src="data:image/gif;base64,R0lGOD" data-src="/img/map.png" alt="A map of the Reach"></p>',
  );
  assert.equal(md, "![A map of the Reach](https://lore.example/img/map.png)");
});
