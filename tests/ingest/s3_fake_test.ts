import assert from "node:assert/strict";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { fakeS3Client, startFakeS3 } from "../fakes/s3_server.ts";
import { listObjectKeys } from "../../lib/ingest/s3.ts";

Deno.test("the fake S3 serves the SDK's object calls", async (t) => {
  const s3 = await startFakeS3();
  const sdk = fakeS3Client(s3.url);
  try {
    await t.step("put with metadata, get it back with an ETag", async () => {
      const put = await sdk.send(
        new PutObjectCommand({
          Bucket: "lore",
          Key: "raw/House Tallowin (2).html",
          Body: "<p>hello</p>",
          ContentType: "text/html",
          Metadata: { title: "House%20Tallowin" },
        }),
      );
      assert.match(put.ETag!, /^"[0-9a-f]{32}"$/);
      const got = await sdk.send(
        new GetObjectCommand({ Bucket: "lore", Key: "raw/House Tallowin (2).html" }),
      );
      assert.equal(await got.Body!.transformToString(), "<p>hello</p>");
      assert.equal(got.ETag, put.ETag);
      assert.equal(got.ContentType, "text/html");
      assert.deepEqual(got.Metadata, { title: "House%20Tallowin" });
      assert.equal(s3.text("lore", "raw/House Tallowin (2).html"), "<p>hello</p>");
    });
    await t.step("head and get of a missing key fail the SDK's way", async () => {
      await assert.rejects(
        sdk.send(new GetObjectCommand({ Bucket: "lore", Key: "nope" })),
        (e: Error) => e.name === "NoSuchKey",
      );
      await assert.rejects(
        sdk.send(new HeadObjectCommand({ Bucket: "lore", Key: "nope" })),
        (e: Error) => e.name === "NotFound",
      );
    });
    await t.step("list pages through a prefix with continuation tokens", async () => {
      for (let i = 0; i < 5; i++) s3.put("lore", `processed/p${i}.md`, `# ${i}`);
      s3.put("lore", "other/x.md", "x");
      const page = await sdk.send(
        new ListObjectsV2Command({ Bucket: "lore", Prefix: "processed/", MaxKeys: 2 }),
      );
      assert.equal(page.IsTruncated, true);
      assert.deepEqual(page.Contents!.map((c) => c.Key), ["processed/p0.md", "processed/p1.md"]);
      const all = [];
      for await (const key of listObjectKeys(sdk, { bucket: "lore", prefix: "processed/" })) {
        all.push(key);
      }
      assert.equal(all.length, 5);
      const folders = await sdk.send(
        new ListObjectsV2Command({ Bucket: "lore", Delimiter: "/" }),
      );
      assert.deepEqual(folders.CommonPrefixes!.map((p) => p.Prefix), [
        "other/",
        "processed/",
        "raw/",
      ]);
    });
    await t.step("delete removes the object", async () => {
      await sdk.send(new DeleteObjectCommand({ Bucket: "lore", Key: "other/x.md" }));
      assert.equal(s3.objects.has("lore/other/x.md"), false);
    });
    await t.step("injected faults surface as InternalError and then clear", async () => {
      s3.failNext(1, (r) => r.key === "processed/p0.md");
      await assert.rejects(
        sdk.send(new GetObjectCommand({ Bucket: "lore", Key: "processed/p0.md" })),
        (e: Error) => e.name === "InternalError",
      );
      const ok = await sdk.send(new GetObjectCommand({ Bucket: "lore", Key: "processed/p0.md" }));
      assert.equal(await ok.Body!.transformToString(), "# 0");
    });
    await t.step("a seeded random fault rate is reproducible", async () => {
      const run = async () => {
        s3.failRandomly(42, 0.5);
        const outcomes: boolean[] = [];
        for (let i = 0; i < 12; i++) {
          outcomes.push(
            await sdk.send(new HeadObjectCommand({ Bucket: "lore", Key: "processed/p1.md" }))
              .then(() => true, () => false),
          );
        }
        s3.failRandomly(0, 0);
        return outcomes;
      };
      const first = await run();
      assert.deepEqual(await run(), first);
      assert.ok(first.includes(true) && first.includes(false));
    });
  } finally {
    sdk.destroy();
    await s3.close();
  }
});
