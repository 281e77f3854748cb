import assert from "node:assert/strict";
import { runIngest } from "../support/ingest_cli.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { createServices } from "../../lib/app/services.ts";
import { twoColumnBook } from "../fixtures/pdf_writer.ts";
import { buildDocx, buildEpub } from "../fixtures/office_files.ts";

const REAL_PDF = new URL("../../../shared/data/real-sources/pdf/pdkids.pdf", import.meta.url);

const ingest = runIngest;

/** A folder mixing every kind of file: PDFs (one real), DOCX, EPUB, HTML, Markdown. */
async function mixedFolder(dir: string) {
  await Deno.mkdir(`${dir}/lore/books`, { recursive: true });
  await Deno.writeFile(`${dir}/lore/books/salt-chronicle.pdf`, twoColumnBook());
  await Deno.copyFile(REAL_PDF, `${dir}/lore/books/pdkids.pdf`);
  await Deno.writeFile(
    `${dir}/lore/guild-charter.docx`,
    buildDocx([
      { text: "The Salt Guild", style: "Heading1" },
      { text: "The Salt Guild keeps the harbour ledgers of Saltmere." },
    ], { title: "Guild Charter" }),
  );
  await Deno.writeFile(
    `${dir}/lore/thaw.epub`,
    buildEpub(["<h1>The Thaw</h1><p>In the month of Embers the ice of Saltmere broke.</p>"], {
      title: "The Thaw",
    }),
  );
  await Deno.writeTextFile(
    `${dir}/lore/orrin-vale.html`,
    "<html><head><title>Orrin Vale</title></head><body><main><h1>Orrin Vale</h1>" +
      "<p>Orrin Vale is a lighthouse town on the cliffs north of Saltmere, kept by the lamp " +
      "wardens since the first charter of the Salt Guild.</p></main></body></html>",
  );
  await Deno.writeTextFile(
    `${dir}/lore/ferry.md`,
    "# Ferrymen\n\nThe ferrymen of Saltmere carry salt.",
  );
  await Deno.writeFile(
    `${dir}/lore/broken.docx`,
    new TextEncoder().encode("PK\x03\x04 not really"),
  );
}

Deno.test("a folder of PDFs, DOCX, EPUB, HTML and Markdown ingests once, then changes nothing, and the chat cites PDF pages", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-books-" });
  try {
    await mixedFolder(dir);
    const env = { DATA_DIR: `${dir}/data` };
    let pages = 0;

    await t.step(
      "first run indexes every page and document; the broken file is reported",
      async () => {
        const run = await ingest([`${dir}/lore`, "--json"], env);
        assert.equal(run.code, 1, "a failed file makes the exit code 1");
        const report = JSON.parse(run.stdout);
        assert.deepEqual(report.failures.map((f: { id: string }) => f.id), ["broken"]);
        assert.match(report.failures[0].reason, /ZIP|DOCX/);
        pages = report.indexed;
        // 3 pages of the chronicle, most of PD Kids' 55, and one each of the rest.
        assert.ok(pages > 3 + 50 + 4, `indexed ${pages}`);
        assert.equal(report.store.documents, pages);
      },
    );

    await t.step("a second run writes nothing", async () => {
      const run = await ingest([`${dir}/lore`, "--json"], env);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(
        [
          report.indexed,
          report.unchanged,
          report.chunksAdded,
          report.chunksUpdated,
          report.chunksDeleted,
        ],
        [0, pages, 0, 0, 0],
      );
    });

    await t.step("the chat answers from a PDF and cites its page", async () => {
      const config = parseConfig({ DATA_DIR: `${dir}/data`, LOG_LEVEL: "error" });
      const services = await createServices(config);
      try {
        const answer = await services.state.chat!.answer(
          [{ role: "user", content: "What did Captain Idrel Marrow trade for bread?" }],
          {},
          new AbortController().signal,
        );
        assert.equal(answer.error, null);
        assert.match(answer.answer, /oil/);
        const cited = answer.sources.filter((s) => answer.citations.includes(s.n));
        const page = cited.find((s) => /salt-chronicle\.pdf#page=\d$/.test(s.url));
        assert.ok(page, JSON.stringify(cited));
        const n = page.url.split("=")[1];
        assert.ok(page.heading.endsWith(`p. ${n}`), page.heading);
      } finally {
        await services.close();
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
