import assert from "node:assert/strict";
import { runIngest } from "../support/ingest_cli.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { createServices } from "../../lib/app/services.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const DUMPS = `${ROOT}../shared/data/real-sources/mediawiki-dumps`;

function page(title: string, revisionId: number, text: string, ns = 0): string {
  return `<page><title>${title}</title><ns>${ns}</ns><revision><id>${revisionId}</id>` +
    `<timestamp>2024-01-0${revisionId % 9 + 1}T00:00:00Z</timestamp>` +
    `<text xml:space="preserve">${text}</text></revision></page>`;
}

const ALDRIC =
  "{{Infobox character|name=Ser Aldric|house=[[House Vael]]|post=Warden of the Ember Gate}}\n" +
  "'''Ser Aldric''' is the sworn shield of [[Emberfall]]. He guards the Ember Gate against the glass wyrms.";

function dump(pages: string[]): string {
  return `<mediawiki><siteinfo><base>https://emberfall.example/wiki/Main_Page</base></siteinfo>
${pages.join("\n")}
</mediawiki>`;
}

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(
    new CompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const ingest = runIngest;

Deno.test("deno task ingest reads dumps incrementally and the chat cites the wiki", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-dump-" });
  const env = { DATA_DIR: `${dir}/data` };
  const path = `${dir}/wiki/emberfall.xml.gz`;
  const pages = [
    page("Ser Aldric", 10, ALDRIC),
    page("The Ashen Knight", 11, "#REDIRECT [[Ser Aldric]]"),
    page("Glass Wyrm", 12, "The '''Glass Wyrm''' nests under the salt flats."),
    page("Talk:Glass Wyrm", 13, "Is it real?", 1),
    page("Emberfall", 14, "'''Emberfall''' is a city of ash and lanterns."),
  ];
  try {
    await Deno.mkdir(`${dir}/wiki`);
    await Deno.writeFile(path, await gzip(dump(pages)));
    await Deno.writeTextFile(`${dir}/wiki/notes.md`, "# Notes\n\nSalt keeps the wyrms away.");

    await t.step(
      "a folder mixing a dump and Markdown is indexed, then found unchanged",
      async () => {
        const first = await ingest([`${dir}/wiki`, "--json"], env);
        assert.equal(first.code, 0, first.stderr);
        assert.equal(first.report.indexed, 4, JSON.stringify(first.report));
        assert.equal(first.report.failed, 0);
        const second = await ingest([`${dir}/wiki`, "--json"], env);
        assert.deepEqual([second.report.indexed, second.report.unchanged], [0, 4]);
      },
    );

    await t.step("a newer dump rewrites only the page that changed", async () => {
      pages[2] = page("Glass Wyrm", 22, "The '''Glass Wyrm''' nests under the salt flats of Varn.");
      await Deno.writeFile(path, await gzip(dump(pages)));
      const run = await ingest([`${dir}/wiki`, "--json"], env);
      assert.deepEqual(
        [run.report.indexed, run.report.unchanged],
        [1, 3],
        JSON.stringify(run.report),
      );
    });

    await t.step("--prune deletes a page that left the dump", async () => {
      pages.splice(4, 1);
      await Deno.writeFile(path, await gzip(dump(pages)));
      const run = await ingest([`${dir}/wiki`, "--prune"], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^pruned\s+1$/m);
      assert.match(run.stdout, /^unchanged\s+3$/m);
    });

    await t.step(
      "the chat answers from a dump page and cites its wiki URL, by either name",
      async () => {
        const services = await createServices(
          parseConfig({ DATA_DIR: `${dir}/data`, LOG_LEVEL: "error", AUTO_INGEST_SAMPLE: "false" }),
        );
        try {
          const chat = services.state.chat!;
          for (const question of ["Who guards the Ember Gate?", "Who is the Ashen Knight?"]) {
            const answer = await chat.answer(
              [{ role: "user", content: question }],
              {},
              new AbortController().signal,
            );
            assert.match(answer.answer, /Ember Gate|Ser Aldric/, `${question}: ${answer.answer}`);
            const cited = answer.sources.filter((s) => answer.citations.includes(s.n));
            assert.ok(
              cited.some((s) => s.url === "https://emberfall.example/wiki/Ser_Aldric"),
              `${question}: ${JSON.stringify(cited)}`,
            );
          }
        } finally {
          await services.close?.();
        }
      },
    );

    await t.step(
      "the real .bz2 and .7z dumps ingest; a truncated dump reports its break",
      async () => {
        await Deno.mkdir(`${dir}/real`);
        await Deno.copyFile(`${DUMPS}/dump.xml.bz2`, `${dir}/real/wikimedia.xml.bz2`);
        await Deno.copyFile(`${DUMPS}/dump.xml.7z`, `${dir}/real/fandom.7z`);
        const env2 = { DATA_DIR: `${dir}/data2` };
        const run = await ingest([`${dir}/real`, "--json"], env2);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.report.indexed, 2);
        const xml = dump(pages);
        await Deno.writeTextFile(
          `${dir}/real/cut.xml`,
          xml.slice(0, xml.indexOf("Glass Wyrm") + 30),
        );
        const cut = await ingest([`${dir}/real`, "--json", "--prune"], env2);
        assert.equal(cut.code, 1);
        assert.equal(cut.report.failed, 1);
        assert.match(cut.report.failures[0].reason, /breaks off|unclosed/i);
        assert.equal(cut.report.indexed, 1, "the page before the break");
        assert.match(cut.report.pruneSkipped, /failed/);
      },
    );

    await t.step("--namespaces must be numbers", async () => {
      assert.equal((await ingest([path, "--namespaces", "0,lore"], env)).code, 2);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Ctrl-C during a packed dump's ingest stops cleanly, leaves no spool, and a rerun finishes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-dump-" });
  const data = `${dir}/data`;
  const path = `${dir}/big.xml.gz`;
  const pages = Array.from({ length: 3_000 }, (_, i) => page(`Keep ${i}`, i + 1, ALDRIC));
  const spools = async () => {
    const names: string[] = [];
    try {
      for await (const entry of Deno.readDir(data)) names.push(entry.name);
    } catch {
      // not made yet
    }
    return names.filter((n) => n.startsWith("lorechat-spool-"));
  };
  try {
    await Deno.writeFile(path, await gzip(dump(pages)));
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}scripts/ingest.ts`, path, "--json"],
      env: {
        LOG_LEVEL: "error",
        EMBEDDINGS_PROVIDER: "none",
        VECTOR_STORE: "sqlite",
        DATA_DIR: data,
      },
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const output = child.output();
    try {
      // The redirect pre-scan spools the decoded XML beside the store: interrupt then.
      const deadline = Date.now() + 30_000;
      while ((await spools()).length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal((await spools()).length, 1, "the pre-scan spools the decoded dump");
      child.kill("SIGINT");
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    } finally {
      const out = await output;
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 130, stderr);
      assert.match(stderr, /interrupted: what was written stays/);
      assert.doesNotMatch(stderr, /Uncaught/);
    }
    assert.deepEqual(await spools(), [], "the spool is removed");
    const rerun = await ingest([path, "--json"], { DATA_DIR: data });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(rerun.report.indexed + rerun.report.unchanged, 3_000);
    assert.deepEqual(await spools(), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
