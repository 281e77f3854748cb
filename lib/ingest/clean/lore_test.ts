import assert from "node:assert/strict";
import { cleanHtml } from "./mod.ts";

/** A wiki page as lore sites serve them: infobox, sidebars of links, navbox, footer. */
const WIKI_PAGE = `<!DOCTYPE html>
<html lang="en-GB"><head>
  <title>Queen Ysolde of Harrowmere | The Essary Wiki | Fandom</title>
  <meta property="og:title" content="Queen Ysolde of Harrowmere">
  <meta property="og:site_name" content="The Essary Wiki">
  <meta property="og:description" content="Ysolde was the last queen of Harrowmere.">
  <link rel="canonical" href="https://essary.example/wiki/Queen_Ysolde">
</head><body class="skin-wiki">
  <div id="global-navigation"><a href="/">Essary Wiki</a>
    <ul><li><a href="/wiki/Explore">Explore</a></li><li><a href="/wiki/Community">Community</a></li></ul>
    <form role="search"><input name="q" placeholder="Search"></form></div>
  <div id="left-sidebar" class="sidebar"><h3>Navigation</h3><ul>
    <li><a href="/wiki/Kingdoms">Kingdoms</a></li><li><a href="/wiki/Houses">Noble houses</a></li>
    <li><a href="/wiki/Wars">Wars of the Reach</a></li><li><a href="/wiki/Maps">Maps</a></li></ul></div>
  <div id="content" class="page-content">
    <h1 class="page-header__title">Queen Ysolde of Harrowmere</h1>
    <div class="mw-parser-output">
      <table class="infobox">
        <tr><th colspan="2">Queen Ysolde</th></tr>
        <tr><td colspan="2"><img src="/images/ysolde.png" alt="Portrait of Queen Ysolde in grey silks"></td></tr>
        <tr><th>Title</th><td>Queen of Harrowmere</td></tr>
        <tr><th>Born</th><td>412 AR, <a href="/wiki/Harrowmere_Keep">Harrowmere Keep</a></td></tr>
        <tr><th>Died</th><td>471 AR</td></tr>
        <tr><th>House</th><td><a href="/wiki/House_Vell">House Vell</a></td></tr>
        <tr><th>Spouse</th><td>Aldric the Fair</td></tr>
      </table>
      <p><b>Ysolde of Harrowmere</b> was the last queen of Harrowmere, who ruled through the long
        winter of the Reach and negotiated the Treaty of Grey Water with the river lords.</p>
      <h2>Early life</h2>
      <p>Born in Harrowmere Keep to House Vell, Ysolde was raised among scholars and sailors, and
        learned the old tongue of the marsh folk before she was ten years old.</p>
      <h2>Reign</h2>
      <p>Her reign began in 440 AR. She opened the granaries during the famine of 447, a decision
        that the river lords never forgave, and which led in time to the war of the three banners.</p>
      <div class="toc" role="navigation"><ul><li><a href="#Early">1 Early life</a></li>
        <li><a href="#Reign">2 Reign</a></li></ul></div>
      <table class="navbox"><tr><th>Rulers of Harrowmere</th></tr>
        <tr><td><a href="/wiki/A">Aldo I</a> • <a href="/wiki/B">Brenna</a> • <a href="/wiki/C">Cael</a>
        • <a href="/wiki/Y">Ysolde</a></td></tr></table>
    </div>
  </div>
  <div class="page-footer"><div class="categories">Categories: <a href="/c/1">Queens</a>,
    <a href="/c/2">House Vell</a></div></div>
  <footer id="wiki-footer"><p>Community content is available under CC-BY-SA unless otherwise noted.</p>
    <ul><li><a href="/about">About</a></li><li><a href="/privacy">Privacy policy</a></li></ul></footer>
</body></html>`;

Deno.test("cleanHtml turns a lore wiki page into its article with the infobox facts", async (t) => {
  const doc = await cleanHtml(WIKI_PAGE);
  const md = doc.markdown;

  await t.step("metadata: og:title, description, canonical url, lang", () => {
    assert.equal(doc.title, "Queen Ysolde of Harrowmere");
    assert.equal(doc.description, "Ysolde was the last queen of Harrowmere.");
    assert.equal(doc.url, "https://essary.example/wiki/Queen_Ysolde");
    assert.equal(doc.lang, "en-GB");
  });

  await t.step("every infobox fact survives as a key: value line", () => {
    assert.match(md, /\*\*Title\*\*: Queen of Harrowmere/);
    assert.match(
      md,
      /\*\*Born\*\*: 412 AR, \[Harrowmere Keep\]\(https:\/\/essary\.example\/wiki\/Harrowmere_Keep\)/,
    );
    assert.match(md, /\*\*Died\*\*: 471 AR/);
    assert.match(md, /\*\*House\*\*: \[House Vell\]/);
    assert.match(md, /\*\*Spouse\*\*: Aldric the Fair/);
  });

  await t.step("the portrait's alt text is kept", () => {
    assert.match(
      md,
      /!\[Portrait of Queen Ysolde in grey silks\]\(https:\/\/essary\.example\/images\/ysolde\.png\)/,
    );
  });

  await t.step("the prose and its section headings are kept in order", () => {
    const order = [
      "was the last queen",
      "## Early life",
      "learned the old tongue",
      "## Reign",
      "war of the three banners",
    ];
    let at = -1;
    for (const piece of order) {
      const next = md.indexOf(piece);
      assert.ok(next > at, `${piece} missing or out of order in:\n${md}`);
      at = next;
    }
  });

  await t.step(
    "nav bars, sidebars, table of contents, navbox, categories and footer are gone",
    () => {
      for (
        const junk of [
          "Explore",
          "Noble houses",
          "Wars of the Reach",
          "1 Early life",
          "Brenna",
          "Categories",
          "CC-BY-SA",
          "Privacy",
        ]
      ) {
        assert.ok(!md.includes(junk), `${junk} leaked into:\n${md}`);
      }
    },
  );

  await t.step("the title heading is not repeated in the body", () => {
    assert.ok(!md.includes("# Queen Ysolde of Harrowmere"));
  });
});
