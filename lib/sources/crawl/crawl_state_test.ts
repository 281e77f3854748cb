import assert from "node:assert/strict";
import { CrawlState } from "./crawl_state.ts";
import type { SourceDocument } from "../../ingest/mod.ts";

const doc = (id: string): SourceDocument => ({
  id,
  title: id,
  url: id,
  description: "",
  markdown: `text of ${id}`,
  contentHash: "h",
  contentType: "text/html",
  source: id,
});

Deno.test("CrawlState resumes an unfinished run and starts afresh after a finished one", async () => {
  const state = new CrawlState(":memory:");
  try {
    assert.deepEqual(state.beginRun(), { run: 1, resumed: false });
    assert.equal(state.enqueue(["u:a", "u:b", "u:a"], 0), 2);
    const [a] = state.claim(1);
    assert.equal(a.url, "u:a");
    await state.save("u:a", { etag: '"1"', links: ["u:b"], document: doc("u:a") }, "done");
    state.claim(1); // u:b in flight when the process dies

    assert.deepEqual(state.beginRun(), { run: 1, resumed: true });
    assert.deepEqual(state.claim(5).map((p) => p.url), ["u:b"], "only the unfinished page");
    assert.deepEqual((await collect(state.finishedDocuments())).map((d) => d.id), ["u:a"]);
    state.mark("u:b", "gone");
    state.completeRun();

    assert.deepEqual(state.beginRun(), { run: 2, resumed: false });
    assert.equal(state.enqueue(["u:a", "u:b"], 0), 2, "a new run visits everything again");
    const stored = await state.resource("u:a");
    assert.equal(stored?.etag, '"1"');
    assert.equal(stored?.document?.markdown, "text of u:a");
  } finally {
    state.close();
  }
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
