import assert from "node:assert/strict";
import { cleanHtml } from "./mod.ts";

// Our own pages, written in the shape MediaWiki 1.4x (Vector) and Fandom render articles.
const PROSE_1 = "Saltmere is a harbour city on the Grey Coast, built on salt flats that the " +
  "tide covers twice a day. Its guilds trade salt, amber and dried fish with the river towns.";
const PROSE_2 = "The city was founded by ferrymen who fled the Long Night and settled on the " +
  "only ground the ice never reached. Their ledgers are kept by the Salt Guild to this day.";
const PROSE_3 = "Captain Idrel Marrow kept the lighthouse of Orrin Vale lit through the winter " +
  "of the Long Night and traded its oil for bread until the thaw.";

const MEDIAWIKI = `<!DOCTYPE html><html lang="en"><head><title>Saltmere - Grey Coast Wiki</title>
<meta name="generator" content="MediaWiki 1.42.1"></head>
<body class="mediawiki ltr skin-vector">
<a class="mw-jump-link" href="#mw-head">Jump to navigation</a>
<div id="mw-head"><ul><li><a href="/wiki/Main_Page">Main page</a></li><li><a href="/wiki/Special:Random">Random page</a></li></ul></div>
<div id="content"><h1 id="firstHeading">Saltmere</h1>
<div id="siteSub">From Grey Coast Wiki, the free lore encyclopedia</div>
<div id="bodyContent"><div id="mw-content-text"><div class="mw-parser-output">
<div class="hatnote">For the river town of the same name, see Saltmere (river).</div>
<table class="box-Spoiler plainlinks metadata ambox ambox-notice"><tr><td>This article contains spoilers for Book Three of the Chronicle.</td></tr></table>
<table class="infobox"><tr><th>Founded</th><td>Year 12 of the Thaw</td></tr><tr><th>Ruler</th><td>The Salt Guild</td></tr></table>
<p>${PROSE_1}<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup></p>
<div id="toc" class="toc"><div class="toctitle"><h2 id="mw-toc-heading">Contents</h2></div>
<ul><li class="toclevel-1"><a href="#History"><span class="tocnumber">1</span> <span class="toctext">History</span></a></li>
<li class="toclevel-1"><a href="#Gallery"><span class="tocnumber">2</span> <span class="toctext">Gallery</span></a></li></ul></div>
<h2><span class="mw-headline" id="History">History</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/index.php?title=Saltmere&action=edit&section=1">edit</a><span class="mw-editsection-bracket">]</span></span></h2>
<p>${PROSE_2}<sup class="reference"><a href="#cite_note-2">[2]</a></sup></p>
<p>${PROSE_3}</p>
<h2><span class="mw-headline" id="Gallery">Gallery</span><span class="mw-editsection">[<a href="#">edit</a>]</span></h2>
<ul class="gallery mw-gallery-traditional"><li class="gallerybox"><div class="gallerytext">The salt flats at low tide, painted by Orla Venn</div></li>
<li class="gallerybox"><div class="gallerytext">The guild hall seen from the harbour wall</div></li></ul>
<h2><span class="mw-headline" id="References">References</span><span class="mw-editsection">[<a href="#">edit</a>]</span></h2>
<div class="reflist"><ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink"><a href="#cite_ref-1">^</a></span> <span class="reference-text">Venn, Orla. <i>A Survey of the Grey Coast</i>, chapter 4, page 112.</span></li>
<li id="cite_note-2"><span class="mw-cite-backlink">^</span> <span class="reference-text">Ledger of the Salt Guild, volume one, entry for the first winter.</span></li></ol></div>
<div role="navigation" class="navbox"><table class="nowraplinks"><tr><th>Cities of the Grey Coast</th></tr>
<tr><td><a href="/wiki/Saltmere">Saltmere</a> · <a href="/wiki/Orrin_Vale">Orrin Vale</a> · <a href="/wiki/Kestrel_Ford">Kestrel Ford</a> · <a href="/wiki/Amberhold">Amberhold</a></td></tr></table></div>
</div></div>
<div class="printfooter">Retrieved from "https://greycoast.example/wiki/Saltmere"</div>
<div id="catlinks" class="catlinks"><div id="mw-normal-catlinks"><a href="/wiki/Special:Categories">Categories</a>: <ul><li><a href="/wiki/Category:Cities">Cities</a></li><li><a href="/wiki/Category:Grey_Coast">Grey Coast</a></li></ul></div></div>
</div></div></body></html>`;

const FANDOM =
  `<!DOCTYPE html><html lang="en"><head><title>Idrel Marrow | Grey Coast Wiki | Fandom</title>
<meta name="generator" content="MediaWiki 1.39.7"></head><body class="mediawiki skin-fandomdesktop">
<div class="global-navigation"><a href="/">FANDOM</a><a href="/games">Games</a><a href="/movies">Movies</a></div>
<div class="fandom-community-header"><a href="/wiki/">Grey Coast Wiki</a><a href="/wiki/Special:AllPages">Explore</a></div>
<main class="page__main"><div class="page-header"><div class="page-header__categories">in: <a href="/wiki/Category:Characters">Characters</a>, <a href="/wiki/Category:Lighthouse_keepers">Lighthouse keepers</a></div>
<h1 class="page-header__title">Idrel Marrow</h1></div>
<div id="content"><div id="mw-content-text"><div class="mw-parser-output">
<aside class="portable-infobox pi-background"><h2 class="pi-item pi-title">Idrel Marrow</h2>
<div class="pi-item pi-data"><h3 class="pi-data-label">Born</h3><div class="pi-data-value">Orrin Vale</div></div>
<div class="pi-item pi-data"><h3 class="pi-data-label">Occupation</h3><div class="pi-data-value">Lighthouse keeper, captain</div></div></aside>
<table class="notice spoiler"><tr><td>Spoiler warning! Plot details of Book Three follow.</td></tr></table>
<p>${PROSE_3} She later sailed the first salt barge to the river towns.</p>
<h2><span class="mw-headline" id="Biography">Biography</span><span class="editsection">[<a href="#">edit</a>]</span></h2>
<p>${PROSE_2}</p>
<div class="wikia-gallery"><div class="wikia-gallery-item"><div class="lightbox-caption">Idrel at the lamp, fan art</div></div></div>
</div></div></div>
<div class="license-description">Community content is available under CC-BY-SA unless otherwise noted.</div>
</main><footer class="wds-global-footer"><a href="/about">About Fandom</a></footer></body></html>`;

const CHROME_TEXT = [
  "[edit]",
  "edit]",
  "Contents",
  "Jump to navigation",
  "For the river town",
  "contains spoilers",
  "Spoiler warning",
  "painted by Orla Venn",
  "harbour wall",
  "fan art",
  "A Survey of the Grey Coast",
  "Ledger of the Salt Guild, volume one",
  "Kestrel Ford",
  "Cities of the Grey Coast",
  "Categories",
  "Lighthouse keepers",
  "Retrieved from",
  "From Grey Coast Wiki",
  "CC-BY-SA",
  "FANDOM",
  "[1]",
  "[2]",
];

Deno.test("MediaWiki chrome is stripped and the article kept", async () => {
  const doc = await cleanHtml(MEDIAWIKI, { url: "https://greycoast.example/wiki/Saltmere" });
  for (const prose of [PROSE_1, PROSE_2, PROSE_3]) {
    assert.ok(doc.markdown.includes(prose), doc.markdown);
  }
  assert.match(doc.markdown, /^## History$/m);
  assert.match(doc.markdown, /Year 12 of the Thaw/);
  for (const chrome of CHROME_TEXT) {
    assert.ok(!doc.markdown.includes(chrome), `"${chrome}" left in:\n${doc.markdown}`);
  }
  assert.ok(!/^## (Gallery|References)$/m.test(doc.markdown), doc.markdown);
});

Deno.test("Fandom chrome is stripped and the portable infobox kept as facts", async () => {
  const doc = await cleanHtml(FANDOM, {
    url: "https://greycoast.fandom.example/wiki/Idrel_Marrow",
  });
  assert.ok(doc.markdown.includes(PROSE_2), doc.markdown);
  assert.ok(doc.markdown.includes("She later sailed the first salt barge"), doc.markdown);
  assert.match(doc.markdown, /Born: Orrin Vale/);
  assert.match(doc.markdown, /Occupation: Lighthouse keeper, captain/);
  for (const chrome of CHROME_TEXT) {
    assert.ok(!doc.markdown.includes(chrome), `"${chrome}" left in:\n${doc.markdown}`);
  }
});

Deno.test("outside MediaWiki, a block merely named like wiki chrome is kept", async () => {
  const html = `<html><body><article><h1>Lanterns</h1><p>${PROSE_1}</p>` +
    `<div class="notice"><p>${PROSE_2}</p></div><p>${PROSE_3}</p></article></body></html>`;
  const doc = await cleanHtml(html);
  assert.ok(doc.markdown.includes(PROSE_2), doc.markdown);
});
