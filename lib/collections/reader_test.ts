import assert from "node:assert/strict";
import { chunkMarkdown } from "../ingest/mod.ts";
import { readerSections, withoutOverlap } from "./reader.ts";

const options = { size: 200, overlap: 60, unit: "chars" as const };

Deno.test("reader sections are the stored chunks, numbered alike, without repeated overlap", () => {
  const markdown = Array.from(
    { length: 12 },
    (_, i) => `Sentence number ${i} tells of the tide and the lantern keepers of Saltmere.`,
  ).join(" ");
  const page = {
    documentId: "tides",
    title: "Tides",
    url: "",
    source: "tides.md",
    contentType: "text/markdown",
    markdown,
    indexedAt: "",
  };
  const sections = readerSections(page, options);
  const chunks = chunkMarkdown(markdown, { ...options, documentId: "tides", title: "", url: "" });
  assert.deepEqual(sections.map((s) => s.position), chunks.map((c) => c.position));
  assert.ok(chunks.length > 2);
  const shown = sections.map((s) => s.text).join(" ");
  for (let i = 0; i < 12; i++) {
    assert.equal(shown.split(`Sentence number ${i} `).length - 1, 1, `sentence ${i} once`);
  }
});

Deno.test("withoutOverlap drops only a repeated start", () => {
  assert.equal(
    withoutOverlap("…the end of it. Shared part here.", "Shared part here. New.", 50),
    "New.",
  );
  assert.equal(withoutOverlap("abc", "Fresh start.", 50), "Fresh start.");
});

Deno.test("a PDF's sections know the page they start on", () => {
  const markdown = "<!-- page 1 -->\n\nFirst page text about the harbour.\n\n" +
    "<!-- page 2 -->\n\n" + "Second page text about the lighthouse keepers. ".repeat(8);
  const page = {
    documentId: "ledger",
    title: "Ledger",
    url: "https://lore.test/ledger.pdf",
    source: "ledger.pdf",
    contentType: "text/markdown",
    markdown,
    indexedAt: "",
  };
  const sections = readerSections(page, options);
  assert.equal(sections[0].pdfPage, 1);
  assert.equal(sections.at(-1)!.pdfPage, 2);
});
