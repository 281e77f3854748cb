import assert from "node:assert/strict";
import { h } from "preact";
import { render } from "preact-render-to-string";
import { parseHTML } from "linkedom";
import { type MarkdownOptions, renderMarkdown } from "./markdown.ts";
import { safeHref } from "./markdown_inline.ts";
import { withCpuTime } from "../../tests/support/cpu_time.ts";

const html = (md: string, options?: MarkdownOptions) =>
  render(h("div", null, renderMarkdown(md, options)));
const dom = (md: string, options?: MarkdownOptions) =>
  parseHTML(`<!doctype html><html><body>${html(md, options)}</body></html>`).document;

/** Every element and attribute in the output, for "nothing dangerous got through" checks. */
function inventory(md: string) {
  const doc = dom(md);
  const elements = [...doc.body.querySelectorAll("*")];
  return {
    tags: new Set(elements.map((e) => e.tagName.toLowerCase())),
    attributes: elements.flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`)),
    text: doc.body.textContent ?? "",
  };
}

const ALLOWED_TAGS = new Set([
  "div",
  "p",
  "h3",
  "h4",
  "h5",
  "h6",
  "pre",
  "code",
  "hr",
  "blockquote",
  "ul",
  "ol",
  "li",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "em",
  "strong",
  "del",
  "a",
  "span",
  "br",
]); // deno-fmt-ignore

Deno.test("hostile Markdown renders inert: raw HTML is text, unsafe links lose their href", async (t) => {
  const cases: [string, string, string][] = [
    ["img onerror", "<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"],
    ["script element", "<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["inline handler in a paragraph", 'hi <a href="x" onclick="alert(1)">y</a>', "onclick"],
    ["javascript: link", "[x](javascript:alert(1))", "x"],
    ["javascript: with entity colon", "[x](javascript&colon;alert(1))", "x"],
    ["javascript: with tab inside", "[x](java\tscript:alert(1))", "x"],
    ["javascript: autolink", "<javascript:alert(1)>", "<javascript:alert(1)>"],
    ["data: link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "x"],
    ["vbscript: link", "[x](VBScript:msgbox)", "x"],
    ["image with handler", '![a" onerror="alert(1)](x.png)', 'a" onerror="alert(1)'],
    ["html in a code fence", "```html\n<script>alert(1)</script>\n```", "<script>"],
    ["html in a table cell", "| a |\n|---|\n| <svg onload=alert(1)> |", "<svg onload=alert(1)>"],
    ["entity-encoded tag", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"],
    ["iframe", "<iframe src=javascript:alert(1)></iframe>", "<iframe"],
  ];
  for (const [name, md, visible] of cases) {
    await t.step(name, () => {
      const { tags, attributes, text } = inventory(md);
      for (const tag of tags) assert.ok(ALLOWED_TAGS.has(tag), `unexpected <${tag}> for ${md}`);
      for (const a of attributes) {
        assert.doesNotMatch(a, /^on/i, `event handler attribute for ${md}`);
        assert.doesNotMatch(a, /^href=\s*(javascript|data|vbscript):/i, `unsafe href for ${md}`);
        assert.doesNotMatch(a, /^src=/i, `src attribute for ${md}`);
      }
      assert.ok(text.includes(visible), `${JSON.stringify(visible)} visible in ${text}`);
    });
  }
});

Deno.test("safeHref keeps http(s), mailto, relative and anchors and drops every other scheme", () => {
  for (
    const ok of [
      "https://a.example/x?y#z",
      "http://a",
      "mailto:a@b.c",
      "/wiki/x",
      "#source-1",
      "page.html",
      "../up",
      "?q=1",
    ]
  ) {
    assert.equal(safeHref(ok), ok);
  }
  for (
    const bad of [
      "javascript:alert(1)",
      " JAVASCRIPT:x",
      "java\nscript:x",
      "data:text/html,x",
      "file:///etc/passwd",
      "vbscript:x",
      "\u0001javascript:x",
      "blob:x",
      "",
    ]
  ) {
    assert.equal(safeHref(bad), null, bad);
  }
}); // deno-fmt-ignore

Deno.test("autolinks and bare URLs become links; unsafe autolinks stay text", () => {
  const doc = dom("See <https://lore.example/a> and https://lore.example/b. Mail <mailto:x@y.z>.");
  const hrefs = [...doc.querySelectorAll("a")].map((a) => a.getAttribute("href"));
  assert.deepEqual(hrefs, ["https://lore.example/a", "https://lore.example/b", "mailto:x@y.z"]);
  assert.equal(doc.querySelector("a")!.getAttribute("rel"), "noopener noreferrer nofollow");
  assert.equal(dom("(see https://a.example/x)").querySelector("a")!.getAttribute("href"), "https://a.example/x");
}); // deno-fmt-ignore

Deno.test("HTML entities decode to text, numeric ones included, and invalid ones to U+FFFD", () => {
  assert.equal(dom("Tom &amp; Jerry &copy; &#65;&#x42; &#0; &bogus;").body.textContent, "Tom & Jerry © AB \ufffd &bogus;");
}); // deno-fmt-ignore

Deno.test("emphasis nests and intraword underscores stay literal", async (t) => {
  const cases: [string, string][] = [
    ["*a* **b** ***c***", "<p><em>a</em> <strong>b</strong> <em><strong>c</strong></em></p>"],
    ["**bold *it* bold**", "<p><strong>bold <em>it</em> bold</strong></p>"],
    ["*it **bold** it*", "<p><em>it <strong>bold</strong> it</em></p>"],
    ["**bold *it***", "<p><strong>bold <em>it</em></strong></p>"],
    ["***a** b*", "<p><em><strong>a</strong> b</em></p>"],
    ["snake_case_name and __init__", "<p>snake_case_name and <strong>init</strong></p>"],
    ["2 * 3 * 4", "<p>2 * 3 * 4</p>"],
    ["**unclosed", "<p>**unclosed</p>"],
    ["~~gone~~ \\*literal\\*", "<p><del>gone</del> *literal*</p>"],
    ["`**not bold**` and ``a ` b``", "<p><code>**not bold**</code> and <code>a ` b</code></p>"],
  ];
  for (const [md, expected] of cases) {
    await t.step(md, () => assert.equal(html(md), `<div>${expected}</div>`));
  }
});

Deno.test("headings, lists, quotes, rules and code fences render as their elements", () => {
  const md = [
    "# Title",
    'Intro with a [link](https://a.example "t") and `code`.',
    "- one",
    "- two",
    "  1. nested",
    "  2. more",
    "",
    "> quoted **text**",
    "",
    "---",
    "3. three",
    "4. four",
    "",
    "```ts",
    "const x = 1 < 2;",
    "```",
  ].join("\n");
  assert.equal(
    html(md),
    "<div><h3>Title</h3><p>Intro with a " +
      '<a href="https://a.example" target="_blank" rel="noopener noreferrer nofollow">link</a>' +
      " and <code>code</code>.</p><ul><li>one</li><li>two<ol><li>nested</li><li>more</li></ol>" +
      "</li></ul><blockquote><p>quoted <strong>text</strong></p></blockquote><hr/>" +
      '<ol start="3"><li>three</li><li>four</li></ol><pre data-lang="ts">' +
      '<code class="language-ts">const x = 1 &lt; 2;</code></pre></div>',
  );
});

Deno.test("an unclosed code fence (mid-stream) runs to the end", () => {
  assert.equal(html("```\nline 1\nline 2"), "<div><pre><code>line 1\nline 2</code></pre></div>");
});

Deno.test("tables keep alignment as classes and pad short rows", () => {
  const doc = dom("| Name | Age |\n|:---|---:|\n| Ada | 36 |\n| Bo \\| Jo |\n");
  assert.deepEqual([...doc.querySelectorAll("th")].map((c) => c.className), [
    "align-left",
    "align-right",
  ]);
  assert.deepEqual([...doc.querySelectorAll("tbody tr")].map((r) => r.textContent), [
    "Ada36",
    "Bo | Jo",
  ]);
  assert.equal(doc.querySelectorAll("tbody tr:last-child td").length, 2);
}); // deno-fmt-ignore

Deno.test("citations link only to sources that exist", () => {
  const doc = dom("Ashfall [1][2] and Vesk [3, 1]. Year [2024].", {
    citeHref: (n) => (n <= 2 ? `#source-${n}` : null),
  });
  const links = [...doc.querySelectorAll("a.cite")].map((a) => a.getAttribute("href"));
  assert.deepEqual(links, ["#source-1", "#source-2", "#source-1"]);
  assert.match(doc.body.textContent!, /Vesk \[3\]1/);
  assert.match(doc.body.textContent!, /\[2024\]/);
  assert.equal(dom("[1](https://x.example)").querySelector("a")!.getAttribute("href"), "https://x.example");
}); // deno-fmt-ignore

Deno.test("hard breaks, soft breaks and lists without a blank line before them", () => {
  assert.equal(html("a  \nb\\\nc\nd"), "<div><p>a<br/>b<br/>c\nd</p></div>");
  assert.equal(html("Steps:\n- a\n- b"), "<div><p>Steps:</p><ul><li>a</li><li>b</li></ul></div>");
  assert.equal(html("In\n2024. it rained"), "<div><p>In\n2024. it rained</p></div>");
});

Deno.test("pathological input stays fast and shallow", async () => {
  // CPU time of this thread, not wall time: it catches a quadratic blow-up, not a busy CI.
  const [, ms] = await withCpuTime(() => {
    html("**a ".repeat(4000) + "_b ".repeat(4000) + "`".repeat(3000) + "[".repeat(3000));
    html(">".repeat(5000) + " deep");
    html("- ".repeat(2000) + "x");
    html("*".repeat(2000) + "x" + "[x](".repeat(2000));
    return Promise.resolve();
  });
  assert.ok(ms < 2_000, `rendering hostile input took ${Math.round(ms)} ms of CPU`);
});
