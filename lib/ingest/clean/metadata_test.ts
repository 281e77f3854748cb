import assert from "node:assert/strict";
import { parseDocument } from "./dom.ts";
import { extractMetadata, stripSiteSuffix } from "./metadata.ts";

Deno.test("stripSiteSuffix removes the site name only when it is recognisably the site", async (t) => {
  const cases: Array<[string, Parameters<typeof stripSiteSuffix>[1], string]> = [
    ["Dragons | Lore Wiki", { siteName: "Lore Wiki" }, "Dragons"],
    ["Dragons - Lore Wiki", { siteName: "Lore Wiki" }, "Dragons"],
    ["Lore Wiki — Dragons", { siteName: "Lore Wiki" }, "Dragons"],
    ["Dragons of the Reach | Fandom", {}, "Dragons of the Reach"],
    ["Queen Ysolde – essary.example", { url: "https://www.essary.example/wiki/Q" }, "Queen Ysolde"],
    ["Florida Man - South Dakota Meth", {}, "Florida Man - South Dakota Meth"],
    ["War and Peace - Tolstoy", { h1: "War and Peace" }, "War and Peace"],
    ["No separator here", { siteName: "Lore" }, "No separator here"],
  ];
  for (const [title, context, expected] of cases) {
    await t.step(title, () => assert.equal(stripSiteSuffix(title, context), expected));
  }
});

Deno.test("extractMetadata falls back from og:title to <title> to <h1>", () => {
  const og = parseDocument(
    '<head><meta property="og:title" content="OG"><title>Tag</title></head><body><h1>H</h1></body>',
  );
  assert.equal(extractMetadata(og).title, "OG");
  const tag = parseDocument("<head><title> Tag  title </title></head><body><h1>H</h1></body>");
  assert.equal(extractMetadata(tag).title, "Tag title");
  const h1 = parseDocument("<body><h1>Only a heading</h1></body>");
  assert.equal(extractMetadata(h1).title, "Only a heading");
});

Deno.test("extractMetadata picks url from the option, then canonical, then og:url", () => {
  const html =
    '<head><link rel="canonical" href="/c"><meta property="og:url" content="https://og.example/o"></head>';
  assert.equal(
    extractMetadata(parseDocument(html), "https://opt.example/p").url,
    "https://opt.example/p",
  );
  assert.equal(
    extractMetadata(parseDocument(html.replace('href="/c"', 'href="https://c.example/c"'))).url,
    "https://c.example/c",
  );
  assert.equal(
    extractMetadata(parseDocument(html.replace('href="/c"', 'href="javascript:x"'))).url,
    "https://og.example/o",
  );
});

Deno.test("extractMetadata reads description and language", () => {
  const doc = parseDocument(
    '<html lang="fr"><head><meta property="og:description" content="OG desc"></head></html>',
  );
  assert.deepEqual(
    [extractMetadata(doc).description, extractMetadata(doc).lang],
    ["OG desc", "fr"],
  );
  const plain = parseDocument('<head><meta name="description" content=" Meta  desc "></head>');
  assert.equal(extractMetadata(plain).description, "Meta desc");
  assert.equal(extractMetadata(plain).lang, "");
});
