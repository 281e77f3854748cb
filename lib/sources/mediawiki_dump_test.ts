import assert from "node:assert/strict";
import {
  isSourceFailure,
  type SourceDocument,
  type SourceEntry,
} from "../ingest/source_document.ts";
import {
  BZIP2_DECODERS,
  documentsFromDump,
  documentsFromDumpBytes,
  documentsFromDumpFile,
  documentsFromDumpStream,
  fileStream,
} from "./mod.ts";
import { FIXTURE } from "../../tests/fixtures/mediawiki_dump.ts";

const DUMPS = new URL("../../../shared/data/real-sources/mediawiki-dumps/", import.meta.url)
  .pathname;

function bytesOf(text: string) {
  return () => new Blob([text]).stream();
}

async function collect(entries: AsyncIterable<SourceEntry>) {
  const docs: SourceDocument[] = [];
  const failures: string[] = [];
  for await (const e of entries) isSourceFailure(e) ? failures.push(e.reason) : docs.push(e);
  return { docs, failures };
}

Deno.test("documentsFromDump reads content pages with their newest revision, URL and version", async () => {
  const { docs, failures } = await collect(
    documentsFromDump(bytesOf(FIXTURE), { source: "emberfall.xml", reopen: true }),
  );
  assert.deepEqual(failures, []);
  assert.deepEqual(docs.map((d) => d.title), ["Ser Aldric (knight)", "Glass Wyrm"]);
  const aldric = docs[0];
  assert.equal(aldric.url, "https://emberfall.example/wiki/Ser_Aldric_(knight)");
  assert.equal(aldric.id, aldric.url);
  assert.equal(aldric.version, (12).toString(16).padStart(16, "0"));
  assert.deepEqual(aldric.categories, ["Knights"]);
  assert.deepEqual(aldric.aliases, ["The Ashen Knight", "Aldric"]);
  assert.equal(
    aldric.markdown,
    "Ser Aldric (knight) is also known as The Ashen Knight; Aldric.\n\n- name: Ser Aldric\n- house: House Vael\n" +
      "- title: Warden of the Ember Gate\n\nSer Aldric guards the Ember Gate.",
  );
  assert.equal(docs[1].markdown, "A wyrm of glass & fire.");
});

Deno.test("documentsFromDump adds namespaces on request and infers them without <ns>", async () => {
  const { docs } = await collect(
    documentsFromDump(bytesOf(FIXTURE.replace(/<ns>\d+<\/ns>/g, "")), {
      source: "emberfall.xml",
      namespaces: [0, 112],
    }),
  );
  assert.deepEqual(docs.map((d) => d.title), [
    "Ser Aldric (knight)",
    "Lore:Founding of Emberfall",
    "Glass Wyrm",
  ]);
  // One pass only: a redirect after its target is not folded in, one before it is.
  assert.deepEqual(docs[0].aliases, ["The Ashen Knight"]);
});

Deno.test("documentsFromDump without <siteinfo> names pages by the dump and leaves url empty", async () => {
  const bare = FIXTURE.replace(/<siteinfo>[\s\S]*<\/siteinfo>/, "");
  const { docs, failures } = await collect(
    documentsFromDump(bytesOf(bare), { source: "dumps/emberfall.xml.bz2", reopen: true }),
  );
  assert.deepEqual(failures, []);
  assert.equal(docs[0].url, "");
  assert.equal(docs[0].id, "dumps/emberfall/Ser_Aldric_(knight)");
});

Deno.test("a dump truncated mid-page yields the pages before the break, then the error", async () => {
  const cut = FIXTURE.slice(0, FIXTURE.indexOf("Glass Wyrm") + 40);
  const entries: SourceEntry[] = [];
  for await (const e of documentsFromDump(bytesOf(cut), { source: "cut.xml", reopen: true })) {
    entries.push(e);
  }
  assert.equal(entries.length, 2);
  assert.equal((entries[0] as SourceDocument).title, "Ser Aldric (knight)");
  assert.ok(isSourceFailure(entries[1]));
  assert.match(entries[1].reason, /breaks off|unclosed/i);
});

Deno.test("a file that is not a MediaWiki export is one clear failure", async () => {
  const { docs, failures } = await collect(
    documentsFromDumpBytes("sitemap.xml", new TextEncoder().encode("<urlset><url/></urlset>")),
  );
  assert.equal(docs.length, 0);
  assert.match(failures[0], /not a MediaWiki export: the root element is <urlset>/);
});

Deno.test("the real dumps read the same through xml, bzip2 and 7-Zip", async (t) => {
  await t.step("dump.xml: no <ns>, revisions newest first, a talk page", async () => {
    const { docs } = await collect(documentsFromDumpFile(`${DUMPS}dump.xml`));
    assert.deepEqual(docs.map((d) => [d.title, d.markdown, d.url]), [
      ["Page title", "A bunch of text here.", "https://pl.wikipedia.org/wiki/Page_title"],
    ]);
  });
  await t.step("dump.xml.bz2 (Wikimedia): the article, its infobox as facts", async () => {
    const { docs, failures } = await collect(documentsFromDumpFile(`${DUMPS}dump.xml.bz2`));
    assert.deepEqual(failures, []);
    assert.deepEqual(docs.map((d) => d.title), ["Klaksvíkar kommuna"]);
    assert.equal(docs[0].url, "https://fo.wikipedia.org/wiki/Klaksv%C3%ADkar_kommuna");
    assert.match(docs[0].markdown, /^- navn: Klaksvíkar kommuna\n- borgarstjóri: Jógvan Skorheim/);
    assert.match(docs[0].markdown, /^### Á Borðoynni$/m);
    assert.doesNotMatch(docs[0].markdown, /\[\[|\{\{|'''/);
    assert.deepEqual(docs[0].categories, ["Kommunur í Føroyum"]);
  });
  await t.step("dump.xml.7z (Fandom): through 7zz, from a path and from bytes", async () => {
    const fromPath = await collect(documentsFromDumpFile(`${DUMPS}dump.xml.7z`));
    assert.deepEqual(fromPath.docs.map((d) => [d.title, d.markdown]), [["Macbre Wiki", "123"]]);
    const bytes = await Deno.readFile(`${DUMPS}dump.xml.7z`);
    const fromBytes = await collect(documentsFromDumpBytes("dump.xml.7z", bytes));
    assert.deepEqual(
      fromBytes.docs,
      fromPath.docs.map((d) => ({ ...d, source: "dump.xml.7z: Macbre Wiki" })),
    );
  });
  await t.step("a stream (an S3 body) reads like the file, .7z spooled for 7-Zip", async () => {
    for (const name of ["dump.xml.bz2", "dump.xml.7z"]) {
      const fromFile = await collect(documentsFromDumpFile(`${DUMPS}${name}`, { source: name }));
      const blocking = { source: name, blockingReads: true };
      assert.deepEqual(await collect(documentsFromDumpFile(`${DUMPS}${name}`, blocking)), fromFile);
      const open = () => fileStream(`${DUMPS}${name}`);
      const once = await collect(documentsFromDumpStream(name, open()));
      const twice = await collect(documentsFromDumpStream(name, open));
      assert.deepEqual(once, fromFile, name);
      assert.deepEqual(twice, fromFile, name);
    }
  });
  await t.step("a .bz2 file reads the same through 7-Zip, bzip2 and JavaScript", async () => {
    const path = `${DUMPS}dump.xml.bz2`;
    const builtIn = await collect(documentsFromDumpFile(path, { bzip2: { commands: [] } }));
    assert.equal(builtIn.docs.length, 1);
    for (const decoder of BZIP2_DECODERS) {
      const bzip2 = { commands: [decoder] };
      assert.deepEqual(await collect(documentsFromDumpFile(path, { bzip2 })), builtIn, decoder[0]);
    }
    // Not installed: the built-in decoder, not a failure.
    const absent = { commands: [["no-such-bzip2", "-dc"]] };
    assert.deepEqual(await collect(documentsFromDumpFile(path, { bzip2: absent })), builtIn);
    // Installed, the command is what runs: `cat` hands the packed bytes on as they are.
    const raw = await collect(documentsFromDumpFile(path, { bzip2: { commands: [["cat"]] } }));
    assert.equal(raw.docs.length, 0);
    assert.match(raw.failures[0], /not a MediaWiki export|XML/);
  });
  await t.step("a truncated .bz2 file fails with the decoder's reason", async () => {
    const dir = await Deno.makeTempDir();
    try {
      const cut = `${dir}/cut.xml.bz2`;
      await Deno.writeFile(cut, (await Deno.readFile(`${DUMPS}dump.xml.bz2`)).slice(0, 1500));
      for (const commands of [[BZIP2_DECODERS[0]], [["bzip2", "-dc"]], []]) {
        const { failures } = await collect(documentsFromDumpFile(cut, { bzip2: { commands } }));
        assert.equal(failures.length, 1, commands.join());
        assert.match(failures[0], /unexpected|bzip2/i, commands.join());
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
  await t.step("a missing 7-Zip names the Debian package", async () => {
    const { failures } = await collect(
      documentsFromDumpFile(`${DUMPS}dump.xml.7z`, { sevenZip: { commands: ["no-such-7zz"] } }),
    );
    assert.match(failures[0], /install Debian's `7zip` package/);
  });
  await t.step("a truncated .bz2 reports the break", async () => {
    const bytes = await Deno.readFile(`${DUMPS}dump.xml.bz2`);
    const { failures } = await collect(documentsFromDumpBytes("cut.xml.bz2", bytes.slice(0, 1500)));
    assert.equal(failures.length, 1);
    assert.match(failures[0], /bzip2|breaks off/);
  });
});
