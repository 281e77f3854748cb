import assert from "node:assert/strict";
import { mkdirSync, readdirSync } from "node:fs";
import { DumpSpool, SPOOL_PREFIX } from "./dump_spool.ts";
import { documentsFromDumpFile } from "./dump_file.ts";
import { isSourceFailure, type SourceEntry } from "../ingest/source_document.ts";

const DUMPS = new URL("../../../shared/data/real-sources/mediawiki-dumps/", import.meta.url)
  .pathname;

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decoded bytes in pieces, counting how many times the dump was decoded. */
function decoder(data: Uint8Array) {
  const counter = { decoded: 0 };
  const decode = () => {
    counter.decoded++;
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= data.length) return controller.close();
        controller.enqueue(data.slice(at, at += 1000));
      },
    });
  };
  return { counter, decode };
}

async function withDirectory(run: (directory: string) => Promise<void>): Promise<void> {
  const directory = await Deno.makeTempDir();
  try {
    await run(directory);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
}

const DATA = new TextEncoder().encode("<mediawiki>".padEnd(10_500, "x") + "</mediawiki>");

Deno.test("a spool decodes a dump once: the second pass reads the file", async () => {
  await withDirectory(async (directory) => {
    const { counter, decode } = decoder(DATA);
    const spool = new DumpSpool(decode, { directory });
    assert.deepEqual(await bytesOf(spool.open()), DATA);
    assert.deepEqual(await bytesOf(spool.open()), DATA);
    assert.equal(counter.decoded, 1);
    assert.equal(spool.spooled, true);
    spool.close();
    spool.close();
    assert.deepEqual(readdirSync(directory), [], "the spool is removed");
  });
});

Deno.test("a spool past its bound, or of a pass that stopped early, is dropped and the dump decoded again", async () => {
  await withDirectory(async (directory) => {
    const big = decoder(DATA);
    const bounded = new DumpSpool(big.decode, { directory, maxBytes: 5_000 });
    assert.deepEqual(await bytesOf(bounded.open()), DATA);
    assert.deepEqual(readdirSync(directory), [], "dropped as soon as it outgrew its bound");
    assert.deepEqual(await bytesOf(bounded.open()), DATA);
    assert.equal(big.counter.decoded, 2);
    assert.equal(bounded.spooled, false);
    bounded.close();

    const cut = decoder(DATA);
    const early = new DumpSpool(cut.decode, { directory });
    const reader = early.open().getReader();
    await reader.read();
    await reader.cancel();
    assert.deepEqual(await bytesOf(early.open()), DATA);
    assert.equal(cut.counter.decoded, 2);
    early.close();
    assert.deepEqual(readdirSync(directory), []);
  });
});

Deno.test("a spool removes the spools of processes that are gone, not of live ones", async () => {
  await withDirectory(async (directory) => {
    // Far above any Linux pid (pid_max is at most 2^22).
    mkdirSync(`${directory}/${SPOOL_PREFIX}99999999-abc`);
    mkdirSync(`${directory}/${SPOOL_PREFIX}${Deno.pid}-def`);
    mkdirSync(`${directory}/unrelated`);
    const spool = new DumpSpool(decoder(DATA).decode, { directory });
    await bytesOf(spool.open());
    const left = readdirSync(directory).sort();
    assert.ok(!left.includes(`${SPOOL_PREFIX}99999999-abc`), left.join());
    assert.ok(left.includes(`${SPOOL_PREFIX}${Deno.pid}-def`) && left.includes("unrelated"));
    spool.close();
  });
});

async function collect(entries: AsyncIterable<SourceEntry>) {
  const out: SourceEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

Deno.test("a packed dump file spooled gives the same documents, its decoder run once", async () => {
  await withDirectory(async (directory) => {
    const path = `${DUMPS}dump.xml.bz2`;
    const runs = `${directory}/runs`;
    // A decoder that notes each run, then decodes.
    const counting = ["sh", "-c", `echo run >> '${runs}'; exec bzip2 -dc "$0"`];
    const bzip2 = { commands: [counting] };
    const twice = await collect(documentsFromDumpFile(path, { bzip2 }));
    assert.equal((await Deno.readTextFile(runs)).trim().split("\n").length, 2);
    await Deno.remove(runs);
    const spool = { directory: `${directory}/data` };
    const once = await collect(documentsFromDumpFile(path, { bzip2, spool }));
    assert.equal((await Deno.readTextFile(runs)).trim().split("\n").length, 1);
    assert.ok(once.length > 0 && !once.some(isSourceFailure));
    assert.deepEqual(once, twice);
    assert.deepEqual(readdirSync(spool.directory), [], "no spool is left");
    // Read back with blocking reads (as `deno task ingest` does), the same documents.
    const read = await collect(documentsFromDumpFile(path, { bzip2, spool, blockingReads: true }));
    assert.deepEqual(read, twice);
    assert.equal((await Deno.readTextFile(runs)).trim().split("\n").length, 2, "decoded once more");
    // A plain dump is read from its own file: nothing to spool.
    await collect(documentsFromDumpFile(`${DUMPS}dump.xml`, { spool }));
    assert.deepEqual(readdirSync(spool.directory), []);
  });
});
