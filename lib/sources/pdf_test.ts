import assert from "node:assert/strict";
import { chunkMarkdown, isSourceFailure, type SourceDocument } from "../ingest/mod.ts";
import { documentsFromPdf } from "./pdf.ts";
import { LEFT, RIGHT, twoColumnBook } from "../../tests/fixtures/pdf_writer.ts";

const REAL = new URL("../../../shared/data/real-sources/pdf/", import.meta.url);

async function readAll(id: string, bytes: Uint8Array, source: string) {
  const docs: SourceDocument[] = [];
  const failures: string[] = [];
  for await (const entry of documentsFromPdf(id, bytes, { source })) {
    if (isSourceFailure(entry)) failures.push(entry.reason);
    else docs.push(entry);
  }
  return { docs, failures };
}

Deno.test("a two-column PDF is read column by column, one document per page", async () => {
  const { docs, failures } = await readAll("books/salt", twoColumnBook(), "books/salt.pdf");
  assert.deepEqual(failures, []);
  assert.deepEqual(docs.map((d) => d.id), ["books/salt/p1", "books/salt/p2", "books/salt/p3"]);
  assert.deepEqual(docs.map((d) => d.url), [
    "books/salt.pdf#page=1",
    "books/salt.pdf#page=2",
    "books/salt.pdf#page=3",
  ]);
  assert.deepEqual(docs[0].title, "The Salt Chronicle");
  assert.deepEqual(docs[0].lang, "en-GB");
  const page2 = docs[1].markdown;
  // Whole sentences: the left column is read to its end before the right one starts.
  assert.ok(page2.includes(`${LEFT} (page 2)`), page2);
  assert.ok(page2.includes(`${RIGHT} (page 2)`), page2);
  assert.ok(page2.indexOf("harbour of Saltmere") < page2.indexOf("Captain Idrel"));
  assert.match(page2, /^# The Frozen Harbour$/m);
  for (const doc of docs) {
    assert.ok(!doc.markdown.includes("Salt Chronicle - Draft"), "running header removed");
    assert.ok(!/^1[123]$/m.test(doc.markdown), "page number removed");
  }
});

Deno.test("every chunk of a PDF page cites the page in its url and heading", async () => {
  const { docs } = await readAll("salt", twoColumnBook(), "salt.pdf");
  const chunks = docs.flatMap((d) =>
    chunkMarkdown(d.markdown, {
      documentId: d.id,
      title: d.title,
      url: d.url,
      size: 200,
      overlap: 0,
      unit: "chars",
    })
  );
  assert.ok(chunks.length >= 6);
  for (const chunk of chunks) {
    const page = /#page=(\d+)$/.exec(chunk.url)?.[1];
    assert.ok(page, chunk.url);
    assert.ok(chunk.heading.endsWith(`p. ${page}`), chunk.heading);
  }
  assert.ok(chunks.some((c) => c.heading === "The Salt Chronicle › The Frozen Harbour › p. 2"));
  assert.ok(chunks.some((c) => c.heading === "The Salt Chronicle › The Frozen Harbour › p. 3"));
});

Deno.test("Free Culture: pages cited by number, running headers and footers gone", async () => {
  const bytes = await Deno.readFile(new URL("freeculture.pdf", REAL));
  const { docs, failures } = await readAll("freeculture", bytes, "freeculture.pdf");
  assert.deepEqual(failures, []);
  assert.ok(docs.length > 300, `${docs.length} pages with text`);
  assert.deepEqual(docs[0].title, "Free Culture");
  const page = (n: number) => docs.find((d) => d.url === `freeculture.pdf#page=${n}`)!;
  // Printed page 4 is PDF page 20: its body, de-hyphenated, without "4 FREE CULTURE".
  assert.ok(page(20).markdown.includes("four patents were issued to Armstrong for his most"));
  assert.ok(page(20).markdown.includes("announcer’s voice"));
  for (const doc of docs) {
    assert.ok(!doc.markdown.includes("free-culture.org/get-it"), `${doc.id}: footer url left`);
    assert.ok(!/^\d+ FREE CULTURE$/m.test(doc.markdown), `${doc.id}: verso running head`);
    // Recto heads name the chapter: "INTRODUCTION 5" (the contents pages list them too).
    const n = Number(doc.url.split("=")[1]);
    if (n > 14) assert.ok(!/^[A-Z“”" ]+ \d+$/m.test(doc.markdown), `${doc.id}: recto head`);
  }
  // Chapter labels set a little larger become headings in the path.
  assert.match(page(35).markdown, /^#+ CHAPTER ONE: Creators$/m);
  assert.match(page(36).markdown, /^#+ CHAPTER ONE: Creators$/m);
});

Deno.test("PD Kids: title and language from the PDF, text in order", async () => {
  const bytes = await Deno.readFile(new URL("pdkids.pdf", REAL));
  const { docs, failures } = await readAll("pdkids", bytes, "pdkids.pdf");
  assert.deepEqual(failures, []);
  assert.deepEqual(docs[0].lang, "en-US");
  assert.deepEqual(docs[0].title, "PD KIDS");
  const first = docs[0].markdown;
  assert.ok(first.indexOf("In my old Granny's days") < first.indexOf("On some nights"));
});

Deno.test("broken, encrypted-looking and non-PDF files fail with a reason", async (t) => {
  await t.step("not a PDF", async () => {
    const { docs, failures } = await readAll("x", new TextEncoder().encode("hello"), "x.pdf");
    assert.deepEqual(docs, []);
    assert.deepEqual(failures, ["not a PDF file (no %PDF- header)"]);
  });
  await t.step("a header and garbage", async () => {
    const garbage = new Uint8Array(64 * 1024).map((_, i) => (i * 7919) % 251);
    const bytes = new Uint8Array([...new TextEncoder().encode("%PDF-1.7\n"), ...garbage]);
    const { docs, failures } = await readAll("x", bytes, "x.pdf");
    assert.deepEqual(docs, []);
    assert.deepEqual(failures.length, 1);
    assert.match(failures[0], /^(broken PDF|could not read PDF|no text layer)/);
  });
  await t.step("a real PDF cut in half", async () => {
    const whole = await Deno.readFile(new URL("pdkids.pdf", REAL));
    const { failures, docs } = await readAll("x", whole.slice(0, 4096), "x.pdf");
    assert.deepEqual(docs, []);
    assert.deepEqual(failures.length, 1);
    assert.match(failures[0], /PDF|text layer/);
  });
});
