import assert from "node:assert/strict";
import {
  corpusDocument,
  DatasetError,
  parseCorpus,
  parseQrels,
  parseQueries,
  textLines,
} from "./beir.ts";

Deno.test("parseQueries reads ids, text and the unanswerable flag", () => {
  const queries = parseQueries(
    '{"_id": "q1", "text": "Who rules?"}\n\n{"_id": 7, "text": "Why?", "unanswerable": true}\n',
  );
  assert.deepEqual(queries, [
    { id: "q1", text: "Who rules?" },
    { id: "7", text: "Why?", unanswerable: true },
  ]);
});

Deno.test("parseQueries names the file and line of a bad record", () => {
  assert.throws(() => parseQueries('{"_id": "q1", "text": "a"}\n{"_id": "q2"}\n'), (e) => {
    assert.ok(e instanceof DatasetError);
    assert.match(e.message, /queries\.jsonl:2: missing "text"/);
    return true;
  });
  assert.throws(() => parseQueries("not json\n"), /queries\.jsonl:1: invalid JSON/);
});

Deno.test("parseQrels skips the header, keeps grades and groups by query", () => {
  const qrels = parseQrels("query-id\tcorpus-id\tscore\nq1\ta\t2\r\nq1\tb\t0\nq2\tc\t1\n");
  assert.deepEqual([...qrels.keys()], ["q1", "q2"]);
  assert.deepEqual([...qrels.get("q1")!], [["a", 2], ["b", 0]]);
  assert.equal(parseQrels("q9\td\t1\n").get("q9")?.get("d"), 1, "no header is fine too");
  assert.throws(() => parseQrels("q1\ta\n"), /qrels\/test\.tsv:1/);
});

Deno.test("parseCorpus streams records from lines split across byte chunks", async () => {
  const bytes = new TextEncoder().encode(
    '{"_id": "d1", "title": "Ærin", "text": "one"}\n{"_id": "d2", "text": "two"}',
  );
  const pieces = [bytes.slice(0, 5), bytes.slice(5, 23), bytes.slice(23)]; // splits "Æ"
  async function* chunks() {
    for (const piece of pieces) yield piece;
  }
  const records = [];
  for await (const r of parseCorpus(textLines(chunks()))) records.push(r);
  assert.deepEqual(records, [
    { id: "d1", title: "Ærin", text: "one" },
    { id: "d2", title: "", text: "two" },
  ]);
});

Deno.test("corpusDocument makes the title the heading and keeps the corpus id", async () => {
  const doc = await corpusDocument({
    id: "d1",
    title: " Salt  Cod ",
    text: "Dried for forty days.",
  });
  assert.equal(doc.id, "d1");
  assert.equal(doc.title, "Salt Cod");
  assert.equal(doc.markdown, "# Salt Cod\n\nDried for forty days.");
  const untitled = await corpusDocument({ id: "d2", title: "", text: "Plain." });
  assert.equal(untitled.title, "d2");
  assert.equal(untitled.markdown, "Plain.");
});
