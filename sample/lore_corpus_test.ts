/**
 * Checks that the sample lore corpus (`sample/lore/*.html`) and its labelled question set
 * (`sample/lore-eval/`) are well formed and agree with each other, so retrieval evaluations
 * built on them measure retrieval rather than broken data.
 *
 * Link rule (see sample/README.md): `/wiki/Page_Name` → `sample/lore/page-name.html`,
 * i.e. percent-decode, drop any `#fragment`, lowercase, and turn `_` into `-`.
 */
import { parseHTML } from "linkedom";
import assert from "node:assert/strict";

const LORE_DIR = new URL("./lore/", import.meta.url);
const EVAL_DIR = new URL("./lore-eval/", import.meta.url);
const CANONICAL_PREFIX = "https://lore.example/wiki/";

/** Maps a `/wiki/Page_Name` path (or a canonical page name) to its corpus id. */
function corpusIdForWikiName(name: string): string {
  const bare = decodeURIComponent(name.split("#")[0]);
  return bare.toLowerCase().replaceAll("_", "-");
}

interface Page {
  id: string;
  html: string;
  document: Document;
}

interface Query {
  _id: string;
  text: string;
  answer: string;
  unanswerable?: boolean;
}

interface Qrel {
  queryId: string;
  corpusId: string;
  score: number;
}

let pagesCache: Page[] | undefined;

async function loadPages(): Promise<Page[]> {
  if (pagesCache) return pagesCache;
  const pages: Page[] = [];
  for await (const entry of Deno.readDir(LORE_DIR)) {
    if (!entry.isFile || !entry.name.endsWith(".html")) continue;
    const html = await Deno.readTextFile(new URL(entry.name, LORE_DIR));
    const { document } = parseHTML(html);
    pages.push({ id: entry.name.slice(0, -".html".length), html, document });
  }
  pages.sort((a, b) => a.id.localeCompare(b.id));
  pagesCache = pages;
  return pages;
}

async function loadQueries(): Promise<Query[]> {
  const text = await Deno.readTextFile(new URL("queries.jsonl", EVAL_DIR));
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line));
}

async function loadQrels(): Promise<Qrel[]> {
  const text = await Deno.readTextFile(new URL("qrels/test.tsv", EVAL_DIR));
  const [header, ...rows] = text.split("\n").filter((line) => line.trim() !== "");
  assert.equal(header, "query-id\tcorpus-id\tscore");
  return rows.map((row) => {
    const cells = row.split("\t");
    assert.equal(cells.length, 3, `qrels row has three columns: ${JSON.stringify(row)}`);
    return { queryId: cells[0], corpusId: cells[1], score: Number(cells[2]) };
  });
}

/** The article text of a page: `<main>` when present, otherwise `#content`. */
function articleElement(document: Document): Element | null {
  return document.querySelector("main") ?? document.querySelector("#content");
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /\w/.test(word)).length;
}

Deno.test("the lore corpus holds at least 40 kebab-case HTML pages", async () => {
  const pages = await loadPages();
  assert.ok(pages.length >= 40, `only ${pages.length} pages`);
  for (const page of pages) {
    assert.match(page.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `file name ${page.id}.html`);
  }
});

Deno.test("every page is a full document with title, description, canonical link and article text", async (t) => {
  for (const page of await loadPages()) {
    await t.step(page.id, () => {
      const { document } = page;
      assert.match(page.html.trimStart(), /^<!doctype html>/i);
      assert.ok(document.documentElement.getAttribute("lang"), "html has a lang attribute");
      assert.ok(document.querySelector("title")?.textContent?.trim(), "has a title");
      const description = document.querySelector('meta[name="description"]');
      assert.ok(description?.getAttribute("content")?.trim(), "has a meta description");
      const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? "";
      assert.ok(canonical.startsWith(CANONICAL_PREFIX), `canonical ${canonical}`);
      const name = canonical.slice(CANONICAL_PREFIX.length);
      assert.equal(corpusIdForWikiName(name), page.id, "canonical name maps back to the file");
      const article = articleElement(document);
      assert.ok(article, "has <main> or #content");
      const words = wordCount(article.textContent ?? "");
      assert.ok(words >= 300 && words <= 1200, `${words} words of article text`);
    });
  }
});

Deno.test("the corpus mixes <main> pages with pages that only have div#content", async () => {
  const pages = await loadPages();
  const withMain = pages.filter((p) => p.document.querySelector("main"));
  const contentOnly = pages.filter((p) =>
    !p.document.querySelector("main") && p.document.querySelector("div#content")
  );
  assert.ok(withMain.length > pages.length / 2, `${withMain.length} pages use <main>`);
  assert.ok(contentOnly.length >= 5, `${contentOnly.length} pages use only div#content`);
});

Deno.test("every relative /wiki/ link points to an existing page", async () => {
  const pages = await loadPages();
  const ids = new Set(pages.map((p) => p.id));
  const broken: string[] = [];
  let linkCount = 0;
  for (const page of pages) {
    for (const anchor of page.document.querySelectorAll('a[href^="/wiki/"]')) {
      linkCount++;
      const href = anchor.getAttribute("href") ?? "";
      const target = corpusIdForWikiName(href.slice("/wiki/".length));
      if (!ids.has(target)) broken.push(`${page.id} → ${href}`);
    }
  }
  assert.ok(linkCount > pages.length * 5, `only ${linkCount} cross-links`);
  assert.deepEqual(broken, []);
});

Deno.test("queries.jsonl has at least 70 well-formed questions, 5 or more unanswerable", async () => {
  const queries = await loadQueries();
  assert.ok(queries.length >= 70, `only ${queries.length} queries`);
  const ids = new Set<string>();
  for (const query of queries) {
    assert.equal(typeof query._id, "string");
    assert.ok(!ids.has(query._id), `duplicate id ${query._id}`);
    ids.add(query._id);
    assert.ok(query.text.trim().length > 0, `${query._id} has text`);
    assert.equal(typeof query.answer, "string", `${query._id} has an answer`);
  }
  const unanswerable = queries.filter((q) => q.unanswerable === true);
  assert.ok(unanswerable.length >= 5, `${unanswerable.length} unanswerable queries`);
});

Deno.test("qrels name existing queries and pages, one best page per answerable query", async () => {
  const pages = await loadPages();
  const pageIds = new Set(pages.map((p) => p.id));
  const queries = await loadQueries();
  const queryIds = new Set(queries.map((q) => q._id));
  const qrels = await loadQrels();
  for (const qrel of qrels) {
    assert.ok(queryIds.has(qrel.queryId), `unknown query ${qrel.queryId}`);
    assert.ok(pageIds.has(qrel.corpusId), `unknown page ${qrel.corpusId}`);
    assert.ok(qrel.score === 1 || qrel.score === 2, `score ${qrel.score}`);
  }
  for (const query of queries) {
    const own = qrels.filter((q) => q.queryId === query._id);
    if (query.unanswerable) {
      assert.equal(own.length, 0, `${query._id} is unanswerable but has qrels`);
    } else {
      assert.ok(own.length >= 1, `${query._id} has no qrels`);
      const best = own.filter((q) => q.score === 2);
      assert.equal(best.length, 1, `${query._id} should have exactly one score-2 page`);
      assert.equal(
        new Set(own.map((q) => q.corpusId)).size,
        own.length,
        `${query._id} repeats a page`,
      );
    }
  }
});
