import assert from "node:assert/strict";
import {
  CrawlState,
  readMediaWiki,
  readUrl,
  virtualClock,
  type WikiPageDocument,
} from "../../lib/sources/crawl/mod.ts";
import { isSourceFailure, type SourceEntry } from "../../lib/ingest/mod.ts";
import { revisionVersion } from "../../lib/sources/mod.ts";
import { type FakeWikiPage, startFakeWiki } from "../fakes/mediawiki_server.ts";

const PAGES: FakeWikiPage[] = [
  {
    title: "Main Page",
    html: "<p>Welcome to the Saltmarch Wiki, the lore of a drowned province.</p>",
  },
  {
    title: "Ombrel",
    html: `<table class="infobox"><tr><th>Ruler</th><td>Reeve Halvard Mott</td></tr></table>
<p><b>Ombrel</b> is the capital of Saltmarch, a city of stilts and tide roads.</p>
<h2><span class="mw-headline" id="History">History</span></h2><p>The Tide Council has ruled Ombrel since the flood of 1201.</p>`,
    wikitext: "'''Ombrel''' is the capital of Saltmarch.\n\n== History ==\nThe Tide Council rules.",
  },
  {
    title: "Marsh dragon",
    html: "<p>Marsh dragons nest in the peat bogs of Saltmarch and eat eels by the barrel.</p>",
    wikitext: "'''Marsh dragons''' nest in the peat bogs.",
  },
  {
    title: "Ada Quill (reeve)",
    html: "<p>Ada Quill was reeve of Ombrel after Halvard Mott and drained the Mire of Sighs.</p>",
    wikitext: "'''Ada Quill''' was reeve of Ombrel.",
  },
  {
    title: "Eel wine",
    html: "<p>Eel wine is brewed from smoked eels and sour honey.</p>",
    wikitext: "Eel wine.",
  },
  { title: "Capital of Saltmarch", redirectTo: "Ombrel" },
  { title: "Mott's city", redirectTo: "Ombrel" },
  { title: "Talk:Ombrel", ns: 1, html: "<p>Is the infobox right?</p>" },
];

async function read(entries: AsyncIterable<SourceEntry>) {
  const docs: WikiPageDocument[] = [];
  for await (const entry of entries) {
    assert.ok(!isSourceFailure(entry), JSON.stringify(entry));
    docs.push(entry as WikiPageDocument);
  }
  return docs.sort((a, b) => a.id < b.id ? -1 : 1);
}

Deno.test("readMediaWiki reads every article through the API, politely, with redirects as aliases", async (t) => {
  const wiki = await startFakeWiki(PAGES, { maxLimit: 2 });
  const state = new CrawlState(":memory:");
  const clock = virtualClock();
  try {
    wiki.lag(1);
    const docs = await read(readMediaWiki(wiki.apiUrl, { state, clock, delayMs: 0 }));

    await t.step(
      "one document per article, named by its article URL, redirects and talk left out",
      () => {
        assert.deepEqual(docs.map((d) => d.url), [
          `${wiki.origin}/wiki/Ada_Quill_(reeve)`,
          `${wiki.origin}/wiki/Eel_wine`,
          `${wiki.origin}/wiki/Main_Page`,
          `${wiki.origin}/wiki/Marsh_dragon`,
          `${wiki.origin}/wiki/Ombrel`,
        ]);
        const ombrel = docs.find((d) => d.title === "Ombrel")!;
        assert.equal(ombrel.id, ombrel.url);
        assert.match(ombrel.markdown, /capital of Saltmarch/);
        assert.match(ombrel.markdown, /Reeve Halvard Mott/);
        assert.match(ombrel.markdown, /## History/);
      },
    );

    await t.step("redirects become aliases written at the top of their target", () => {
      const ombrel = docs.find((d) => d.title === "Ombrel")!;
      assert.deepEqual(ombrel.aliases, ["Capital of Saltmarch", "Mott's city"]);
      assert.match(
        ombrel.markdown,
        /^Ombrel is also known as Capital of Saltmarch; Mott's city\.\n/,
      );
      assert.deepEqual(docs.find((d) => d.title === "Eel wine")!.aliases, []);
    });

    await t.step("versions are revision ids, ordered as the indexer compares them", () => {
      const ids = docs.map((d) => d.version!);
      assert.ok(ids.every((v) => /^[0-9a-f]{16}$/.test(v)));
      assert.ok(revisionVersion("999")! < revisionVersion("1000")!);
    });

    await t.step(
      "listing follows continuation; maxlag is sent, and a lag error is waited out",
      () => {
        const listings = wiki.calls({ generator: "allpages", gapfilterredir: "nonredirects" });
        assert.equal(listings.length, 3, "5 articles at 2 a request");
        assert.equal(listings[1].params.gapcontinue, "Main_Page");
        assert.ok(
          wiki.requests.every((r) => r.params.maxlag === "5" && r.params.formatversion === "2"),
        );
        assert.ok(wiki.requests.every((r) => /LoreChat/.test(r.userAgent)));
        assert.ok(clock.slept.includes(5000), `slept ${clock.slept}`);
        assert.equal(wiki.calls({ action: "parse" }).length, 5);
      },
    );

    await t.step("a second read parses nothing; an edit re-reads only that page", async () => {
      const before = wiki.requests.length;
      const again = await read(readMediaWiki(wiki.apiUrl, { state, clock, delayMs: 0 }));
      assert.deepEqual(again.map((d) => d.contentHash), docs.map((d) => d.contentHash));
      assert.equal(
        wiki.requests.slice(before).filter((r) => r.params.action === "parse").length,
        0,
      );

      wiki.edit({ title: "Eel wine", html: "<p>Eel wine is now brewed with clover honey.</p>" });
      const mark = wiki.requests.length;
      const third = await read(readMediaWiki(wiki.apiUrl, { state, clock, delayMs: 0 }));
      const parsed = wiki.requests.slice(mark).filter((r) => r.params.action === "parse");
      assert.equal(parsed.length, 1);
      const eel = third.find((d) => d.title === "Eel wine")!;
      assert.match(eel.markdown, /clover honey/);
      assert.ok(eel.version! > docs.find((d) => d.title === "Eel wine")!.version!);
    });
  } finally {
    state.close();
    await wiki.close();
  }
});

Deno.test("with a wikitext converter, pages come as wikitext in batches of 50", async () => {
  const wiki = await startFakeWiki(PAGES, { maxLimit: 500 });
  try {
    const seen: string[] = [];
    const docs = await read(readMediaWiki(wiki.apiUrl, {
      clock: virtualClock(),
      wikitextToMarkdown: (text, page) => {
        seen.push(page.url);
        return text.replaceAll("'''", "**").replace(/^== (.+) ==$/gm, "## $1");
      },
    }));
    assert.equal(docs.length, 5);
    assert.equal(wiki.calls({ action: "parse" }).length, 0);
    const batches = wiki.calls({ prop: "revisions" });
    assert.equal(batches.length, 1);
    assert.equal(batches[0].params.pageids.split("|").length, 5);
    assert.equal(batches[0].params.rvslots, "main");
    const ombrel = docs.find((d) => d.title === "Ombrel")!;
    assert.match(ombrel.markdown, /\*\*Ombrel\*\* is the capital/);
    assert.equal(ombrel.contentType, "text/markdown");
    assert.ok(seen.includes(`${wiki.origin}/wiki/Ombrel`));
  } finally {
    await wiki.close();
  }
});

Deno.test("readUrl finds the API of a wiki from an article page and remembers it", async () => {
  const wiki = await startFakeWiki(PAGES);
  const state = new CrawlState(":memory:");
  try {
    const docs = await read(
      readUrl(`${wiki.origin}/wiki/Main_Page`, { state, clock: virtualClock() }),
    );
    assert.equal(docs.length, 5);
    assert.equal(state.getMeta("mediawiki_api"), wiki.apiUrl);
    const before = wiki.requests.length;
    await read(readUrl(`${wiki.origin}/wiki/Main_Page`, { state, clock: virtualClock() }));
    const paths = wiki.requests.slice(before).map((r) => r.path);
    assert.ok(paths.every((p) => p === "/w/api.php"), "no page is fetched to detect it again");
  } finally {
    state.close();
    await wiki.close();
  }
});

Deno.test("readUrl finds the API from the generator meta alone", async () => {
  const wiki = await startFakeWiki(PAGES, { rsd: false });
  try {
    const docs = await read(readUrl(`${wiki.origin}/`, { clock: virtualClock() }));
    assert.equal(docs.length, 5);
    assert.ok(wiki.calls({ meta: "siteinfo" }).length >= 1);
  } finally {
    await wiki.close();
  }
});
