import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { createServices } from "../../lib/app/services.ts";
import { startFakeWiki } from "../fakes/mediawiki_server.ts";
import { LORE_PAGES, startLoreSite } from "./lore_site.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

async function ingest(args: string[], dataDir: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}scripts/ingest.ts`, ...args, "--json", "--delay-ms", "0"],
    env: {
      LOG_LEVEL: "error",
      EMBEDDINGS_PROVIDER: "none",
      VECTOR_STORE: "sqlite",
      DATA_DIR: dataDir,
    },
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${stdout}\n${stderr}`);
  return JSON.parse(stdout);
}

async function ask(dataDir: string, question: string) {
  const config = parseConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: "error",
    AUTO_INGEST_SAMPLE: "false",
  });
  const services = await createServices(config);
  try {
    return await services.state.chat!.answer(
      [{ role: "user", content: question }],
      {},
      new AbortController().signal,
    );
  } finally {
    await services.close();
  }
}

Deno.test("deno task ingest http://…/ crawls a site into the store; a re-run changes nothing; the chat cites the page", async (t) => {
  const site = await startLoreSite();
  site.remove("/loop-a"); // no failure, so the run exits 0
  const dir = await Deno.makeTempDir({ prefix: "lorechat-crawl-cli-" });
  try {
    await t.step("the first run indexes every page", async () => {
      const report = await ingest([`${site.origin}/`, "--depth", "1"], dir);
      assert.equal(report.indexed, LORE_PAGES.length);
      assert.equal(report.failed, 0);
      assert.equal(report.store.documents, LORE_PAGES.length);
    });

    await t.step("the second run downloads no page and writes nothing", async () => {
      const before = site.requests.length;
      const report = await ingest([`${site.origin}/`, "--depth", "1"], dir);
      assert.deepEqual(
        [report.indexed, report.unchanged, report.chunksAdded, report.chunksDeleted],
        [0, LORE_PAGES.length, 0, 0],
      );
      const bodies = site.requests.slice(before).filter((r) =>
        r.status === 200 && r.path !== "/robots.txt"
      );
      assert.deepEqual(bodies.map((r) => r.path), []);
      assert.equal(report.requests, site.requests.length - before);
    });

    await t.step("the chat answers from the crawled page and links to its URL", async () => {
      const answer = await ask(dir, "Who rules the city of Ombrel?");
      assert.match(answer.answer, /Halvard Mott/);
      const cited = answer.sources.filter((s) => answer.citations.includes(s.n));
      assert.ok(cited.some((s) => s.url === `${site.origin}/lore/city`), JSON.stringify(cited));
    });

    await t.step("bad crawl flags exit 2 with the flag named", async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `${ROOT}scripts/ingest.ts`, `${site.origin}/`, "--max-pages", "lots"],
        env: { DATA_DIR: dir, LOG_LEVEL: "error" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 2);
      assert.match(new TextDecoder().decode(out.stderr), /--max-pages/);
    });
  } finally {
    await site.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task ingest of a MediaWiki URL reads its API; a redirect's title finds its target", async () => {
  const wiki = await startFakeWiki([
    {
      title: "Ombrel",
      wikitext: "{{Infobox settlement\n| ruler = Reeve Halvard Mott\n}}\n'''Ombrel''' is the " +
        "capital of [[Saltmarch]]. Reeve Halvard Mott rules Ombrel from the Tide Hall.<ref>Annals</ref>",
    },
    { title: "Eel wine", wikitext: "'''Eel wine''' is brewed from smoked eels and sour honey." },
    { title: "Eel Court", wikitext: "Queen Maren Vell rules the [[Eel Court]] of the marsh." },
    { title: "Stilt City", redirectTo: "Ombrel" },
  ]);
  const dir = await Deno.makeTempDir({ prefix: "lorechat-wiki-cli-" });
  try {
    const first = await ingest([`${wiki.origin}/wiki/Ombrel`], dir);
    assert.equal(first.indexed, 3);
    const contentCalls = () =>
      wiki.calls({ prop: "revisions" }).filter((c) => c.params.rvslots === "main").length;
    const fetched = contentCalls();
    assert.ok(fetched >= 1, "pages come as wikitext");
    const second = await ingest([`${wiki.origin}/wiki/Ombrel`], dir);
    assert.deepEqual([second.indexed, second.unchanged], [0, 3]);
    // Pages come as wikitext in one batch, converted as a dump's pages are; the second run
    // fetches no page content at all.
    assert.equal(wiki.calls({ action: "parse" }).length, 0);
    assert.equal(contentCalls(), fetched, "the second run fetches no page content");

    // "Stilt City" is only a redirect's title: the alias line leads to Ombrel.
    const answer = await ask(dir, "Who rules Stilt City?");
    assert.match(answer.answer, /Ombrel/);
    const cited = answer.sources.filter((s) => answer.citations.includes(s.n));
    assert.equal(answer.sources[0]?.url, `${wiki.origin}/wiki/Ombrel`, answer.answer);
    assert.ok(cited.some((s) => s.url === `${wiki.origin}/wiki/Ombrel`), JSON.stringify(cited));
  } finally {
    await wiki.close();
    await Deno.remove(dir, { recursive: true });
  }
});
