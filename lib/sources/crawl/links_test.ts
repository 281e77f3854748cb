import assert from "node:assert/strict";
import { extractLinks, metaRobots, normalizeUrl } from "./links.ts";

Deno.test("extractLinks keeps same-origin page links once, resolved against <base>", () => {
  const html = `<base href="/wiki/">
    <a href="Dragons#Diet">Dragons</a> <a href='Dragons'>again</a>
    <a href=Ombrel>unquoted</a> <area href="/map?x=1&amp;y=2">
    <a href="https://elsewhere.example/x">other host</a> <a href="mailto:a@b.c">mail</a>
    <a href="/img/map.png">picture</a> <a rel="nofollow" href="/login">login</a>
    <a name="anchor-only">no href</a>`;
  assert.deepEqual(extractLinks(html, "https://lore.example/start"), [
    "https://lore.example/wiki/Dragons",
    "https://lore.example/wiki/Ombrel",
    "https://lore.example/map?x=1&y=2",
  ]);
});

Deno.test("metaRobots reads noindex and nofollow", () => {
  assert.deepEqual(metaRobots('<meta name="robots" content="noindex, follow">'), {
    noindex: true,
    nofollow: false,
  });
  assert.deepEqual(metaRobots('<meta content="none" name="ROBOTS">'), {
    noindex: true,
    nofollow: true,
  });
  assert.deepEqual(metaRobots('<meta name="viewport" content="noindex">'), {
    noindex: false,
    nofollow: false,
  });
});

Deno.test("normalizeUrl drops fragments and refuses non-http schemes", () => {
  assert.equal(normalizeUrl("/a#b", "https://lore.example/x"), "https://lore.example/a");
  assert.equal(normalizeUrl("javascript:void(0)", "https://lore.example/"), null);
  assert.equal(normalizeUrl("http://[bad"), null);
});
