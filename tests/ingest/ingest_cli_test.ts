import assert from "node:assert/strict";
import { runIngest } from "../support/ingest_cli.ts";
import { startFakeS3 } from "../fakes/s3_server.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const SAMPLE = `${ROOT}sample/lore`;
const PAGES = ["hallowmere.html", "glass-wyrm.html", "house-tallowin.html"];

const ingest = runIngest;

Deno.test("deno task ingest is idempotent over a folder and reads S3 prefixes", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-cli-" });
  const s3 = await startFakeS3();
  try {
    await Deno.mkdir(`${dir}/pages`);
    for (const page of PAGES) await Deno.copyFile(`${SAMPLE}/${page}`, `${dir}/pages/${page}`);
    const env = { DATA_DIR: `${dir}/data` };

    await t.step("first run indexes, second run finds everything unchanged", async () => {
      const first = await ingest([`${dir}/pages`, "--json"], env);
      assert.equal(first.code, 0, first.stderr);
      const a = JSON.parse(first.stdout);
      assert.equal(a.indexed, 3);
      assert.equal(a.store.documents, 3);
      const second = await ingest([`${dir}/pages`, "--json"], env);
      const b = JSON.parse(second.stdout);
      assert.deepEqual([b.indexed, b.unchanged, b.chunksAdded, b.chunksDeleted], [0, 3, 0, 0]);
    });

    await t.step("--prune removes a deleted page; the table names the counts", async () => {
      await Deno.remove(`${dir}/pages/glass-wyrm.html`);
      const run = await ingest([`${dir}/pages`, "--prune"], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^pruned\s+1$/m);
      assert.match(run.stdout, /^unchanged\s+2$/m);
      assert.match(run.stdout, /sqlite: 2 documents/);
    });

    await t.step("an s3:// prefix is read through the SDK", async () => {
      s3.put("lore", "raw/wiki/corvane-i.html", await Deno.readFile(`${SAMPLE}/corvane-i.html`));
      s3.put("lore", "raw/notes/readme.md", "---\ntitle: Notes\n---\nA note on salt.");
      s3.put("lore", "raw/bad.jsonl", "{oops\n");
      const run = await ingest(["s3://lore/raw/", "--json"], {
        ...env,
        AWS_ENDPOINT_URL: s3.url,
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
      });
      assert.equal(run.code, 1, "a failed line makes the exit code 1");
      const report = JSON.parse(run.stdout);
      assert.equal(report.indexed, 2);
      assert.deepEqual(report.failures.map((f: { id: string }) => f.id), ["raw/bad.jsonl:1"]);
    });

    await t.step("bad usage and bad config exit 2", async () => {
      assert.equal((await ingest([], env)).code, 2);
      const bad = await ingest([`${dir}/pages`], { ...env, CHUNK_SIZE: "lots" });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /CHUNK_SIZE/);
    });
  } finally {
    await s3.close();
    await Deno.remove(dir, { recursive: true });
  }
});
