import assert from "node:assert/strict";
import { isSourceFailure, type SourceEntry } from "../ingest/mod.ts";
import { documentsFromDocx } from "./docx.ts";
import { buildDocx } from "../../tests/fixtures/office_files.ts";

async function collect(iter: AsyncIterable<SourceEntry>): Promise<SourceEntry[]> {
  const out: SourceEntry[] = [];
  for await (const entry of iter) out.push(entry);
  return out;
}

Deno.test("a DOCX becomes Markdown with its headings, title and language", async () => {
  const bytes = buildDocx([
    { text: "The Salt Guild", style: "Heading1" },
    { text: "The guild keeps the harbour ledgers of Saltmere & Orrin Vale." },
    { text: "Founding", style: "Heading2" },
    { text: "Captain Idrel Marrow founded the guild after the Long Night." },
  ], { title: "Guild Charter", lang: "en-GB" });
  const [doc] = await collect(documentsFromDocx("charter", bytes, { source: "charter.docx" }));
  assert.ok(!isSourceFailure(doc), JSON.stringify(doc));
  assert.equal(doc.title, "Guild Charter");
  assert.equal(doc.lang, "en-GB");
  assert.equal(
    doc.markdown,
    "# The Salt Guild\n\nThe guild keeps the harbour ledgers of Saltmere & Orrin Vale.\n\n" +
      "## Founding\n\nCaptain Idrel Marrow founded the guild after the Long Night.",
  );
});

Deno.test("broken and encrypted DOCX files fail with a reason", async (t) => {
  const reason = async (bytes: Uint8Array) => {
    const [entry] = await collect(documentsFromDocx("x", bytes, { source: "x.docx" }));
    assert.ok(isSourceFailure(entry));
    return entry.reason;
  };
  await t.step("not a zip", async () => {
    assert.equal(
      await reason(new TextEncoder().encode("hello")),
      "not a DOCX file (not a ZIP archive)",
    );
  });
  await t.step("an OLE file (what Word writes when a password is set)", async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    assert.match(await reason(ole), /^encrypted or legacy Word file/);
  });
  await t.step("a truncated archive", async () => {
    const bytes = buildDocx([{ text: "Saltmere" }]);
    assert.match(await reason(bytes.slice(0, bytes.length - 40)), /ZIP/);
  });
  await t.step("a zip that is not a Word document", async () => {
    const { zipSync } = await import("fflate");
    const other = zipSync({ "readme.txt": new TextEncoder().encode("hi") });
    assert.equal(await reason(other), "not a DOCX file (no word/document.xml)");
  });
});

Deno.test("a zip-bomb DOCX is refused with bounded memory", async (t) => {
  // Each refusal runs in its own process: beside other test files in one process, RSS
  // growth would measure them too.
  const probe = new URL("../../tests/fixtures/docx_bomb_probe.ts", import.meta.url).pathname;
  const refuse = async (cap?: number) => {
    const args = ["run", "-A", probe, String(200 * 1024 * 1024), ...(cap ? [String(cap)] : [])];
    const out = await new Deno.Command(Deno.execPath(), { args, stderr: "inherit" }).output();
    assert.equal(out.code, 0);
    return JSON.parse(new TextDecoder().decode(out.stdout)) as {
      size: number;
      reason: string;
      grown: number;
    };
  };
  await t.step("memory follows the cap, not the bomb", async () => {
    const { size, reason, grown } = await refuse(8 * 1024 * 1024);
    assert.ok(size < 4 * 1024 * 1024, `the bomb is ${size} bytes`);
    assert.match(reason, /inflates to more than 8388608 bytes; refusing \(possible zip bomb\)/);
    // Inflating it would take 200 MiB; refusing it at an 8 MiB cap takes a few buffers.
    assert.ok(grown < 40 * 1024 * 1024, `RSS grew by ${grown} bytes`);
  });
  await t.step("the default cap is 100 MiB", async () => {
    const { reason, grown } = await refuse();
    assert.match(reason, /more than 104857600 bytes; refusing \(possible zip bomb\)/);
    assert.ok(grown < 150 * 1024 * 1024, `RSS grew by ${grown} bytes`);
  });
});

Deno.test("a smaller inflation budget refuses an ordinary DOCX that exceeds it", async () => {
  const bytes = buildDocx([{ text: "Saltmere ".repeat(20_000) }]);
  const [entry] = await collect(
    documentsFromDocx("big", bytes, { source: "big.docx", maxInflatedBytes: 64 * 1024 }),
  );
  assert.ok(isSourceFailure(entry));
  assert.match(entry.reason, /possible zip bomb/);
});
