import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { SPOOL_PREFIX } from "../../lib/sources/dump_spool.ts";
import { parseFrontMatter } from "../../lib/ingest/mod.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { createProcessHandler } from "../../lambda/process.ts";
import { RecordsFailedError } from "../../lambda/records.ts";
import { fakeS3Client, startFakeS3 } from "../fakes/s3_server.ts";
import { directS3, objectCreatedEvent } from "./s3_events.ts";

const BUCKET = "lore-pipeline";
const config = parseConfig({});

/** A dump of `n` pages, a redirect to the first placed last, gzip-compressed. */
async function gzipDump(n: number, cut = false): Promise<Uint8Array> {
  const pages = Array.from(
    { length: n },
    (_, i) =>
      `<page><title>Keep ${i}</title><ns>0</ns><id>${i + 1}</id><revision><id>${100 + i}</id>` +
      `<text xml:space="preserve">'''Keep ${i}''' is a fortress of the salt coast, number ${i}.\n` +
      `== History ==\nRaised in the year ${300 + i} by the wardens.</text></revision></page>`,
  );
  pages.push(
    `<page><title>Old Keep</title><ns>0</ns><redirect title="Keep 0"/><revision><id>999</id>` +
      `<text>#REDIRECT [[Keep 0]]</text></revision></page>`,
  );
  let xml = `<mediawiki><siteinfo><base>https://salt.example/wiki/Main_Page</base></siteinfo>` +
    `${pages.join("\n")}</mediawiki>`;
  if (cut) xml = xml.slice(0, xml.indexOf(`<title>Keep ${n - 2}</title>`) + 20);
  const stream = new Blob([xml]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("the process Lambda streams a dump from S3 into one object per page", async (t) => {
  const s3 = await startFakeS3();
  const client = fakeS3Client(s3.url);
  try {
    const handle = directS3(createProcessHandler({ s3: client, config }));
    const key = "raw/salt-coast.xml.gz";
    s3.put(BUCKET, key, await gzipDump(40));

    await t.step("every page is written; the dump is read by one streamed GET", async () => {
      const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith(SPOOL_PREFIX));
      const before = new Set(spools());
      await handle(objectCreatedEvent(BUCKET, [key]));
      const gets = s3.requests.filter((r) => r.method === "GET" && r.key === key);
      assert.equal(gets.length, 1, "the page pass reads what the redirect pass spooled");
      assert.deepEqual(spools().filter((n) => !before.has(n)), [], "no spool is left");
      const written = [...s3.objects.keys()].filter((k) =>
        k.startsWith(`${BUCKET}/processed/salt-coast.xml/`)
      );
      assert.equal(written.length, 40, "one object per page, none for the redirect");
      const first = written.map((k) => s3.text(BUCKET, k.slice(BUCKET.length + 1))!)
        .map((text) => parseFrontMatter(text)).find((d) => d.data.title === "Keep 0")!;
      assert.equal(first.data.url, "https://salt.example/wiki/Keep_0");
      assert.match(first.body, /also known as Old Keep/, "the late redirect became an alias");
      assert.match(first.body, /fortress of the salt coast/);
    });

    await t.step("a dump cut mid-page keeps the pages before the break and fails", async () => {
      const cutKey = "raw/cut.xml.gz";
      s3.put(BUCKET, cutKey, await gzipDump(12, true));
      const error = await handle(objectCreatedEvent(BUCKET, [cutKey])).then(() => null, (e) => e);
      assert.ok(error instanceof RecordsFailedError, String(error));
      assert.equal(error.failures[0].key, cutKey);
      const written = [...s3.objects.keys()].filter((k) =>
        k.startsWith(`${BUCKET}/processed/cut.xml/`)
      );
      assert.equal(written.length, 10, "the complete pages before the break");
    });
  } finally {
    client.destroy();
    await s3.close();
  }
});
