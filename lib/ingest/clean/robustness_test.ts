import assert from "node:assert/strict";
import { cleanHtml } from "./mod.ts";
import { MAX_DEPTH } from "./dom.ts";
import { withCpuTime } from "../../../tests/support/cpu_time.ts";

const SENTENCE =
  "The marsh folk pole their reed skiffs through the fog before dawn, singing old songs. ";

Deno.test("cleanHtml survives 10,000 levels of nesting without blowing the stack", async (t) => {
  const depth = 10_000;
  const cases: Record<string, [string, string]> = {
    "nested divs": ["<div>", "</div>"],
    "nested inline elements": ["<span><b>", "</b></span>"],
    "nested lists": ["<ul><li>", "</li></ul>"],
    "nested tables": ["<table><tr><td>", "</td></tr></table>"],
    "unclosed tags": ["<div><section>", ""],
  };
  for (const [name, [open, close]] of Object.entries(cases)) {
    await t.step(name, async () => {
      const html = `<html><body>${open.repeat(depth)}<p>${SENTENCE}</p>${
        close.repeat(depth)
      }</body></html>`;
      const doc = await cleanHtml(html);
      assert.ok(doc.markdown.includes("The marsh folk pole their reed skiffs"), name);
    });
  }
  assert.ok(MAX_DEPTH < depth);
});

Deno.test("cleanHtml handles a 5 MB page in bounded time", async () => {
  const section = `<div class="section"><h2>Chapter</h2>${`<p>${SENTENCE.repeat(8)}</p>`.repeat(5)}
    <div class="nav"><ul>${'<li><a href="/x">Link</a></li>'.repeat(20)}</ul></div></div>`;
  const html = `<html><head><title>Big</title></head><body>${
    section.repeat(Math.ceil(5_000_000 / section.length))
  }</body></html>`;
  assert.ok(html.length >= 5_000_000);
  // A bound on CPU time, not wall time: it catches a quadratic blow-up, not a busy CI.
  const [doc, ms] = await withCpuTime(() => cleanHtml(html));
  assert.ok(ms < 15_000, `took ${(ms / 1000).toFixed(1)} s of CPU`);
  assert.ok(doc.markdown.length > 1_000_000, "the prose is kept");
  assert.ok(!doc.markdown.includes("[Link]"), "the link lists are not");
});

Deno.test("cleanHtml handles one huge text node and fifty thousand elements", async () => {
  const word = await cleanHtml(`<p>${"word ".repeat(1_000_000)}</p>`);
  assert.equal(word.markdown.length, "word ".repeat(1_000_000).trim().length);
  const many = await cleanHtml("<div>cell</div>".repeat(50_000));
  assert.ok(many.markdown.startsWith("cell"));
});

Deno.test("cleanHtml stays linear on hostile markup", async (t) => {
  const cases: Record<string, string> = {
    "unclosed scripts": "<script>".repeat(50_000),
    "unclosed comments": "<!--".repeat(50_000),
    "tags that never close their attributes": "<div class='a'".repeat(100_000),
    "head tags without an end": "<head>".repeat(50_000),
    "body tags without a >": "<body ".repeat(50_000),
    "a sea of less-than signs": "<".repeat(200_000),
  };
  for (const [name, html] of Object.entries(cases)) {
    await t.step(name, async () => {
      const [doc, ms] = await withCpuTime(() => cleanHtml(html));
      assert.ok(ms < 10_000, `${name} took ${(ms / 1000).toFixed(1)} s of CPU`);
      assert.equal(typeof doc.markdown, "string");
    });
  }
});
