import assert from "node:assert/strict";
import { isSourceFailure, type SourceEntry } from "../ingest/mod.ts";
import { documentsFromEpub } from "./epub.ts";
import { buildEpub } from "../../tests/fixtures/office_files.ts";

async function first(bytes: Uint8Array): Promise<SourceEntry> {
  for await (const entry of documentsFromEpub("book", bytes, { source: "book.epub" })) return entry;
  throw new Error("no entry");
}

Deno.test("an EPUB becomes one Markdown document, chapters in spine order", async () => {
  const bytes = buildEpub([
    "<h1>The Thaw</h1><p>In the month of Embers the ice of Saltmere broke.</p>",
    "<h1>The Long Night</h1><p>The harbour froze and the ferrymen walked to Orrin Vale.</p>",
  ], { title: "Chronicle of Saltmere", lang: "en-GB", spine: [1, 0] });
  const doc = await first(bytes);
  assert.ok(!isSourceFailure(doc), JSON.stringify(doc));
  assert.equal(doc.title, "Chronicle of Saltmere");
  assert.equal(doc.lang, "en-GB");
  assert.equal(
    doc.markdown,
    "# The Long Night\n\nThe harbour froze and the ferrymen walked to Orrin Vale.\n\n" +
      "# The Thaw\n\nIn the month of Embers the ice of Saltmere broke.",
  );
});

Deno.test("DRM-encrypted, broken and non-EPUB files fail with a reason", async (t) => {
  const reason = async (bytes: Uint8Array) => {
    const entry = await first(bytes);
    assert.ok(isSourceFailure(entry));
    return entry.reason;
  };
  await t.step("DRM", async () => {
    const encryption = '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" ' +
      'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>' +
      '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>' +
      "</enc:EncryptedData></encryption>";
    const bytes = buildEpub(["<p>secret</p>"], { encryption });
    assert.match(await reason(bytes), /^encrypted \(DRM-protected\) EPUB/);
  });
  await t.step("font obfuscation is not DRM", async () => {
    const encryption = '<encryption xmlns:enc="http://www.w3.org/2001/04/xmlenc#">' +
      '<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/></encryption>';
    const entry = await first(buildEpub(["<p>Saltmere stands.</p>"], { encryption }));
    assert.ok(!isSourceFailure(entry));
  });
  await t.step("no package document", async () => {
    const { zipSync } = await import("fflate");
    const bytes = zipSync({ mimetype: new TextEncoder().encode("application/epub+zip") });
    assert.match(await reason(bytes), /^not an EPUB file/);
  });
  await t.step("not a zip", async () => {
    assert.equal(await reason(new Uint8Array(10)), "not an EPUB file (not a ZIP archive)");
  });
});
