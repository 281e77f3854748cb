import assert from "node:assert/strict";
import { runIngest } from "../support/ingest_cli.ts";
import { LANTERN_LORE, startCollectionsApp } from "./app.ts";

const ingest = runIngest;

Deno.test("ingest --collection NAME fills that collection, which the app then serves", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-cli-coll-" });
  try {
    await Deno.mkdir(`${dir}/lore`);
    for (const [name, text] of Object.entries(LANTERN_LORE)) {
      await Deno.writeTextFile(`${dir}/lore/${name}`, text);
    }
    const env = { DATA_DIR: `${dir}/data` };
    const run = await ingest([`${dir}/lore`, "--collection", "lantern", "--json"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).store.documents, 2);
    const bad = await ingest([`${dir}/lore`, "--collection", "../x"], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--collection: a name is/);

    const app = await startCollectionsApp({ dataDir: `${dir}/data` });
    try {
      assert.equal((await app.collections.service.open("default")!.store.info()).documents, 0);
      const res = await fetch(app.url("/api/chat"), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          messages: [{ role: "user", content: "Who rules Saltmere?" }],
          collection: "lantern",
        }),
      });
      const answer = await res.json();
      assert.match(answer.answer, /Harbour Moot/);
      const reader = await fetch(app.url(answer.sources[0].reader.split("#")[0]));
      assert.equal(reader.status, 200, "the CLI archived the page for the reader");
      await reader.body?.cancel();
    } finally {
      await app.close(true);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
