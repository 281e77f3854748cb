import assert from "node:assert/strict";
import { cleanHtml } from "./mod.ts";
import { parseDocument } from "./dom.ts";
import { classifyName } from "./names.ts";
import { pruneByReadability, wantsSecondOpinion } from "./readability_signal.ts";
import { isTeaser, removeTeaserLists } from "./teasers.ts";

const PARA = (n: number) =>
  `<p>Paragraph ${n} tells how the wick-bearers climbed the hill in the dark, carrying ` +
  `the seven lanterns that would relight the sky over the valley of the Orr.</p>`;

function firstElement(html: string): Element {
  return parseDocument(html).body.firstElementChild!;
}

Deno.test("classifyName reads class and id words", async (t) => {
  const cases: Array<[string, Partial<ReturnType<typeof classifyName>>]> = [
    ['<div class="share-bar">', { boilerplate: true, strong: true }],
    ['<div class="article-meta">', { boilerplate: true, strong: false }],
    ['<div class="entry-content has-sidebar">', { content: true, boilerplate: false }],
    ['<div class="comment-content">', { boilerplate: true, strong: true }],
    ['<div class="post tag-news category-world">', { content: true, boilerplate: false }],
    ['<div class="social-media-embed">', { content: true, boilerplate: false }],
    ['<span class="sr-only">', { boilerplate: true }],
    ['<div id="relatedStories">', { boilerplate: true, strong: true }],
    ['<div class="wrapper">', { content: false, boilerplate: false }],
    ['<div class="grid-container next-prev">', { boilerplate: true, strong: false }],
    ['<div class="nav-previous">', { boilerplate: true, strong: true }],
  ];
  for (const [html, expected] of cases) {
    await t.step(html, () => {
      const kind = classifyName(firstElement(`${html}x</div>`));
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(kind[key as keyof typeof kind], value, `${key} of ${html}`);
      }
    });
  }
  await t.step("a heading's id is its anchor, not its role", () => {
    const heading = firstElement('<h2 id="The_Sealed_Gallery">The Sealed Gallery</h2>');
    assert.equal(classifyName(heading).boilerplate, false);
  });
});

Deno.test("removeTeaserLists drops lists of headline links with summaries", () => {
  const item = (n: number) =>
    `<li><h3><a href="/s${n}">Story number ${n} about the river lords</a></h3><p>A short summary.</p></li>`;
  const body = parseDocument(`<ul>${item(1)}${item(2)}${item(3)}</ul><p>Kept.</p>`).body;
  assert.ok(isTeaser(body.querySelector("li")!));
  removeTeaserLists(body);
  assert.equal(body.querySelectorAll("li").length, 0);
  assert.equal(body.textContent?.trim(), "Kept.");
});

Deno.test("removeTeaserLists keeps digest lists whose linked lines are sentences", () => {
  const item = (n: number) =>
    `<li><b><a href="/s${n}">The council met for the ${n}th time</a>.</b> It agreed on nothing.</li>`;
  const body = parseDocument(`<ol>${item(1)}${item(2)}${item(3)}</ol>`).body;
  removeTeaserLists(body);
  assert.equal(body.querySelectorAll("li").length, 3);
});

Deno.test("pruneByReadability drops blocks only when Readability's article is a subset", async (t) => {
  const build = () =>
    parseDocument(`<div>${PARA(1)}${PARA(2)}${PARA(3)}
      <p>Poll: which lantern is your favourite? Vote now and see the results.</p>
      <table><tr><th>Rank</th><th>Years</th></tr><tr><td>Taper</td><td>0 to 3</td></tr></table>
      <blockquote><p>Sing them or lose them, say the Kethri of the high stone.</p></blockquote>
    </div>`).body.firstElementChild!;
  const readability = [1, 2, 3].map((n) => parseDocument(PARA(n)).body.textContent).join(" ");
  await t.step("extra prose goes; data tables and quotes stay", () => {
    const container = build();
    assert.equal(pruneByReadability(container, readability), true);
    const text = container.textContent ?? "";
    assert.ok(!text.includes("Poll"));
    assert.ok(text.includes("Taper") && text.includes("Sing them"));
    assert.ok(text.includes("Paragraph 3"));
  });
  await t.step("nothing changes when Readability found something else", () => {
    const container = build();
    assert.equal(
      pruneByReadability(container, "Completely different words from another page."),
      false,
    );
    assert.ok(container.textContent?.includes("Poll"));
  });
  await t.step("nothing changes when Readability found nothing", () => {
    assert.equal(pruneByReadability(build(), ""), false);
  });
});

Deno.test("cleanHtml keeps embedded posts and quote attributions but not share bars", async () => {
  const html = `<html><body><article>${PARA(1)}
    <div class="social-media-embed"><blockquote class="twitter-tweet"><p>The lanterns are lit again over the Orr!</p>— Wick Watcher (@wick) 3 Firstwick</blockquote></div>
    ${PARA(2)}
    <blockquote><p>Sing them or lose them.</p><footer>— Kethri proverb</footer></blockquote>
    <div class="social-share"><a href="https://share.example/x">Share this on your social network now</a></div>
    ${PARA(3)}</article></body></html>`;
  const { markdown } = await cleanHtml(html);
  assert.match(markdown, /The lanterns are lit again over the Orr!/);
  assert.match(markdown, /> — Kethri proverb/);
  assert.ok(!markdown.includes("Share this"));
});

Deno.test("cleanHtml drops related-story teasers beside the article", async () => {
  const teaser = (n: number) =>
    `<div class="card"><h4><a href="/t${n}">Another tale of the marsh folk, part ${n}</a></h4>` +
    `<p>The marsh folk return in a new story about boats and fog and song.</p></div>`;
  const html = `<html><body><div class="layout"><div class="story">${PARA(1)}${PARA(2)}${
    PARA(3)
  }</div>
    <div class="more">${teaser(1)}${teaser(2)}${teaser(3)}${teaser(4)}</div></div></body></html>`;
  const { markdown } = await cleanHtml(html);
  assert.match(markdown, /Paragraph 3/);
  assert.ok(!markdown.includes("Another tale"), markdown);
});

Deno.test("cleanHtml drops the links to the next and previous stories after the article", async () => {
  const link = (side: string, n: number) =>
    `<div class="${side}"><p><a href="/s${n}">${side} story</a></p><div class="row-desc">` +
    `<a href="/s${n}">The marsh folk return in story ${n}</a><p>A new story about boats, ` +
    `fog and song on the marshes, told by the ferrymen of the lower Orr.</p></div></div>`;
  const html = `<html><body><div class="article">${PARA(1)}${PARA(2)}${PARA(3)}
    <div class="next-prev">${link("next", 1)}${link("prev", 2)}</div></div></body></html>`;
  const { markdown } = await cleanHtml(html);
  assert.match(markdown, /Paragraph 3/);
  assert.ok(!markdown.includes("marsh"), markdown);
});

Deno.test("cleanHtml drops calls to action at the end of the article", async () => {
  const html = `<html><body><article>${PARA(1)}${PARA(2)}
    <p>Subscribe to our newsletter here.</p>${PARA(3)}
    <p>Sign up for the Lantern Letter to get tales like this delivered to your inbox.</p>
    <p><em>Follow us on Twitter @codex.</em></p></article></body></html>`;
  const { markdown } = await cleanHtml(html);
  assert.match(markdown, /Paragraph 3/);
  assert.ok(!markdown.includes("Sign up") && !markdown.includes("Follow us"), markdown);
});

Deno.test("wantsSecondOpinion skips Readability on pages with very many elements", () => {
  const small = parseDocument("<div>cell</div>".repeat(100));
  const large = parseDocument("<div>cell</div>".repeat(20_000));
  assert.equal(wantsSecondOpinion("x", small), true);
  assert.equal(wantsSecondOpinion("x", large), false);
  assert.equal(wantsSecondOpinion("x".repeat(3_000_000), small), false);
});
