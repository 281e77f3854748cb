import assert from "node:assert/strict";
import { cleanHtml, sha256Hex } from "./mod.ts";

const PROSE =
  "The river Essa winds through the lowlands, feeding the orchards of the valley folk. " +
  "Every spring its banks flood, and the villages move their herds to the high pastures.";

/** A page with the usual chrome around one article. */
function articlePage(article: string, extraHead = ""): string {
  return `<!doctype html><html lang="en"><head><title>River Essa | Lore Wiki</title>
    <meta name="description" content="The great river of the lowlands.">${extraHead}
    <style>body { color: red }</style><script>var tracking = "SCRIPT_TEXT";</script></head>
    <body>
      <header class="site-header"><a href="/">Lore Wiki</a><nav><ul>
        <li><a href="/a">Places</a></li><li><a href="/b">People</a></li><li><a href="/c">Eras</a></li>
      </ul></nav></header>
      <div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
      <main><article>${article}</article></main>
      <aside class="sidebar"><h3>Popular pages</h3><ul>
        <li><a href="/x">The Old King</a></li><li><a href="/y">Mount Ferra</a></li>
      </ul></aside>
      <div class="share-buttons"><a href="https://share.example/">Share on Social</a></div>
      <section id="comments"><p>Great article, I loved reading about the river and its floods every spring!</p></section>
      <footer><p>© 2024 Lore Wiki. All rights reserved. Contact us for licensing questions.</p></footer>
    </body></html>`;
}

Deno.test("cleanHtml keeps the article and drops page chrome", async (t) => {
  const doc = await cleanHtml(articlePage(`<h1>River Essa</h1><p>${PROSE}</p><p>${PROSE}</p>`), {
    url: "https://lore.example/wiki/essa",
  });
  await t.step("the article text is there", () => {
    assert.match(doc.markdown, /The river Essa winds through the lowlands/);
  });
  await t.step("navigation, sidebar, cookie banner, share bar, comments and footer are not", () => {
    for (const junk of ["Places", "Popular pages", "cookies", "Share on", "Great article", "©"]) {
      assert.ok(!doc.markdown.includes(junk), `${junk} leaked into: ${doc.markdown}`);
    }
  });
  await t.step("scripts and styles are gone", () => {
    assert.ok(!doc.markdown.includes("SCRIPT_TEXT"));
    assert.ok(!doc.markdown.includes("color: red"));
  });
  await t.step("metadata is read from the head", () => {
    assert.equal(doc.title, "River Essa");
    assert.equal(doc.description, "The great river of the lowlands.");
    assert.equal(doc.lang, "en");
    assert.equal(doc.url, "https://lore.example/wiki/essa");
    assert.equal(doc.contentType, "text/html");
  });
});

Deno.test("cleanHtml hashes the Markdown with SHA-256", async () => {
  const doc = await cleanHtml(`<p>${PROSE}</p>`);
  assert.equal(doc.contentHash, await sha256Hex(doc.markdown));
  assert.match(doc.contentHash, /^[0-9a-f]{64}$/);
  const again = await cleanHtml(`<p>${PROSE}</p>`);
  assert.equal(again.contentHash, doc.contentHash);
});

Deno.test("cleanHtml makes links and images absolute and keeps alt text", async (t) => {
  const html = articlePage(
    `<p>${PROSE} See <a href="../places/valley">the valley</a> and <a href="#top">top</a>.</p>
     <p><img src="/img/essa.png" alt="The river Essa at dawn"> ${PROSE}</p>`,
  );
  await t.step("relative to the url option", async () => {
    const doc = await cleanHtml(html, { url: "https://lore.example/wiki/rivers/essa" });
    assert.match(doc.markdown, /\[the valley\]\(https:\/\/lore\.example\/wiki\/places\/valley\)/);
    assert.match(
      doc.markdown,
      /!\[The river Essa at dawn\]\(https:\/\/lore\.example\/img\/essa\.png\)/,
    );
    assert.match(doc.markdown, / top\./, "in-page anchors stay plain text");
  });
  await t.step("relative to <base href> when there is no url option", async () => {
    const withBase = html.replace("<head>", '<head><base href="https://mirror.example/x/y/">');
    const doc = await cleanHtml(withBase);
    assert.match(doc.markdown, /\(https:\/\/mirror\.example\/x\/places\/valley\)/);
  });
  await t.step("relative to the canonical link otherwise", async () => {
    const canonical = articlePage(
      `<p>${PROSE} See <a href="valley">the valley</a>.</p>`,
      '<link rel="canonical" href="https://canon.example/wiki/essa">',
    );
    const doc = await cleanHtml(canonical);
    assert.equal(doc.url, "https://canon.example/wiki/essa");
    assert.match(doc.markdown, /\(https:\/\/canon\.example\/wiki\/valley\)/);
  });
});

Deno.test("cleanHtml keeps code blocks verbatim with their language", async () => {
  const code = "function flood(river) {\n  return river.level > 3;\n}";
  const doc = await cleanHtml(
    articlePage(
      `<p>${PROSE}</p><pre><code class="language-js">${code}</code></pre><p>${PROSE}</p>`,
    ),
  );
  assert.ok(doc.markdown.includes("```js\n" + code + "\n```"), doc.markdown);
});

Deno.test("cleanHtml works without <main> or <article>", async () => {
  const html = `<html><body><div class="menu"><a href="/1">One</a> <a href="/2">Two</a></div>
    <div class="wrapper"><div class="col"><h2>Floods</h2><p>${PROSE}</p><p>${PROSE}</p>
    <ul><li>High pastures</li><li>Orchards</li></ul></div></div></body></html>`;
  const doc = await cleanHtml(html);
  assert.match(doc.markdown, /## Floods/);
  assert.match(doc.markdown, /- High pastures\n- Orchards/);
  assert.ok(!doc.markdown.includes("One"));
});

Deno.test("cleanHtml never throws on garbage", async (t) => {
  const cases = [
    "",
    "   ",
    "<",
    "<<<>>>",
    "\0\0",
    "<html>",
    "</body></html>",
    "<!-- open",
    "<script>",
    "<table><td>x",
    "<p>\uD800 lone surrogate</p>",
    "<base href='::::'><a href=y>z</a>",
  ];
  for (const html of cases) {
    await t.step(JSON.stringify(html), async () => {
      const doc = await cleanHtml(html);
      assert.equal(typeof doc.markdown, "string");
      assert.match(doc.contentHash, /^[0-9a-f]{64}$/);
    });
  }
  await t.step("an empty body gives empty Markdown", async () => {
    const doc = await cleanHtml("<html><head><title>Empty</title></head><body></body></html>");
    assert.equal(doc.markdown, "");
    assert.equal(doc.title, "Empty");
  });
  await t.step("a page without <body> still yields its text", async () => {
    const doc = await cleanHtml("<title>T</title><p>Just a paragraph of text.</p>");
    assert.equal(doc.markdown, "Just a paragraph of text.");
  });
});
