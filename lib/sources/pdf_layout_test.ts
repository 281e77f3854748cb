import assert from "node:assert/strict";
import { findGutter, lineFragments, paragraphs, readingOrder, type TextRun } from "./pdf_layout.ts";
import { removeRunningLines } from "./pdf_pages.ts";

const run = (text: string, x: number, y: number, size = 10): TextRun => ({
  text,
  x,
  y,
  width: text.length * size * 0.5,
  size,
});

Deno.test("lines are joined, mended at hyphens and stripped of footnote markers", () => {
  const fragments = lineFragments([
    run("The lamp of Orrin Vale burned all win-", 50, 100),
    run("3", 240, 96, 6),
    run("ter long.", 50, 112),
  ]);
  assert.deepEqual(fragments.map((f) => f.text), [
    "The lamp of Orrin Vale burned all win-",
    "ter long.",
  ]);
  assert.deepEqual(paragraphs(readingOrder(fragments)).map((p) => p.text), [
    "The lamp of Orrin Vale burned all winter long.",
  ]);
});

Deno.test("a table's narrow cells are not mistaken for columns", () => {
  const rows = ["Saltmere", "Orrin Vale", "Kestrel Ford", "Amberhold", "Greywater", "Lowmarsh"];
  const runs = rows.flatMap((
    name,
    i,
  ) => [run(name, 50, 100 + i * 12), run(String(i * 40), 400, 100 + i * 12)]);
  const fragments = lineFragments(runs);
  assert.equal(findGutter(fragments), null);
  assert.deepEqual(readingOrder(fragments).slice(0, 4).map((f) => f.text), [
    "Saltmere",
    "0",
    "Orrin Vale",
    "40",
  ]);
});

Deno.test("a margin line repeated on most pages is a running head; the body is not", () => {
  const page = (n: number) => ({
    page: n,
    height: 800,
    fragments: lineFragments([
      run(`${n} THE SALT CHRONICLE`, 50, 40, 8),
      run(`Body text of page ${n} about the ferrymen.`, 50, 400),
      run(String(n), 300, 780, 8),
    ]),
  });
  const cleaned = removeRunningLines([1, 2, 3, 4].map(page));
  for (const p of cleaned) {
    assert.deepEqual(p.fragments.map((f) => f.text), [
      `Body text of page ${p.page} about the ferrymen.`,
    ]);
  }
});
