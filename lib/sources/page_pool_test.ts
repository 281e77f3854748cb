import assert from "node:assert/strict";
import { isSourceFailure, type SourceEntry } from "../ingest/source_document.ts";
import { documentsFromDump } from "./mediawiki_dump.ts";
import { FIXTURE } from "../../tests/fixtures/mediawiki_dump.ts";
import { defaultPoolSize, inlinePagePool, type PagePool, workerPagePool } from "./page_pool.ts";
import { chunkDocument, type IndexChunkOptions, usablePrepared } from "../ingest/prepared.ts";
import type { SourceDocument } from "../ingest/source_document.ts";
import type { PageJob } from "./page_document.ts";
import { type ChunkAnalysis, usableAnalysis } from "../vectorstore/chunk_analysis.ts";
import { DEFAULT_ANALYZER } from "../vectorstore/term_analyzer.ts";

const SAMPLES = new URL("../../../shared/data/real-sources/wikitext/", import.meta.url).pathname;

async function sampleDump(): Promise<string> {
  const pages: string[] = [];
  const names = [...Deno.readDirSync(SAMPLES)].map((e) => e.name).sort();
  for (const name of names) {
    const text = (await Deno.readTextFile(SAMPLES + name))
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    pages.push(
      `<page><title>${name}</title><ns>0</ns><revision><id>1</id><text>${text}</text></revision></page>`,
    );
  }
  return `<mediawiki>${pages.join("\n")}</mediawiki>`;
}

async function collect(entries: AsyncIterable<SourceEntry>): Promise<SourceEntry[]> {
  const out: SourceEntry[] = [];
  for await (const e of entries) out.push(e);
  return out;
}

Deno.test("the worker pool yields what in-thread conversion yields, in dump order", async () => {
  for (const xml of [FIXTURE, await sampleDump()]) {
    const open = () => new Blob([xml]).stream();
    const inline = await collect(documentsFromDump(open, { source: "d.xml", reopen: true }));
    const pool = workerPagePool(2);
    try {
      assert.equal(pool.parallelism, 256);
      const pooled = await collect(
        documentsFromDump(open, { source: "d.xml", reopen: true, pool }),
      );
      assert.deepEqual(pooled, inline);
      assert.ok(pooled.every((e) => !isSourceFailure(e)));
    } finally {
      pool.close();
    }
  }
});

Deno.test("a truncated dump drains the pool before reporting the break", async () => {
  const xml = await sampleDump();
  const cut = xml.slice(0, xml.indexOf("<title>list.txt"));
  const pool = workerPagePool(2);
  try {
    const entries = await collect(
      documentsFromDump(() => new Blob([cut]).stream(), { source: "cut.xml", pool }),
    );
    const last = entries.pop()!;
    assert.ok(isSourceFailure(last));
    assert.equal(entries.length, 14, "every complete page before the break");
    assert.ok(entries.every((e) => !isSourceFailure(e)));
  } finally {
    pool.close();
  }
});

Deno.test("the dump reader never has more than the pool's parallelism pages in flight", async () => {
  const xml = await sampleDump();
  let inFlight = 0;
  let most = 0;
  const converted: string[] = [];
  // A pool that holds each page until a later one arrives or the reader stops asking.
  const pool: PagePool = {
    parallelism: 3,
    async convert(job) {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      converted.push(job.page.title);
      return await inlinePagePool().convert(job);
    },
    close() {},
  };
  const entries = await collect(documentsFromDump(() => new Blob([xml]).stream(), {
    source: "d.xml",
    pool,
  }));
  assert.ok(entries.length > pool.parallelism * 3);
  assert.equal(converted.length, entries.length);
  assert.equal(most, pool.parallelism, "pages in flight at most");
});

Deno.test("the pool leaves a core to the reading thread", () => {
  assert.equal(defaultPoolSize(2), 1);
  assert.equal(defaultPoolSize(8), 7);
  assert.equal(defaultPoolSize(1), 1);
});

const SETTINGS: IndexChunkOptions = { size: 900, overlap: 100, unit: "chars" };

/** Each analysis as (term, count) pairs, through whatever dictionary it carries. */
function readable(analyses: ChunkAnalysis[] | undefined, lang: string) {
  return analyses?.map((a) => {
    assert.ok(usableAnalysis(a, DEFAULT_ANALYZER, lang), "usable as it arrives");
    return [...a.ids].map((id, i) => [a.dictionary![id], a.counts[i]]);
  });
}

/**
 * A document with its prepared analyses read out (dictionaries differ by thread) and
 * without its Markdown (a worker drops it), checked against the chunks the indexer
 * would make of `source`'s.
 */
function comparable(doc: SourceDocument, source = doc) {
  const { prepared, markdown: _, ...rest } = doc;
  assert.ok(prepared, `${doc.id} was prepared`);
  const { analyses, markdownDropped: __, ...chunks } = prepared;
  assert.deepEqual(prepared.chunks, chunkDocument(source, SETTINGS), "the indexer's own chunks");
  return { rest, chunks, terms: readable(analyses, prepared.lang) };
}

Deno.test("workers chunk and analyze pages as the writing thread would", async () => {
  const xml = await sampleDump();
  const open = () => new Blob([xml]).stream();
  const job = (pool: PagePool) =>
    collect(documentsFromDump(open, { source: "d.xml", reopen: true, pool }));
  const inline = await job({
    ...inlinePagePool(),
    convert: (j) => inlinePagePool().convert({ ...j, prepare: SETTINGS }),
  });
  const pool = workerPagePool(1, { prepare: SETTINGS });
  try {
    const pooled = await job(pool);
    assert.equal(pooled.length, inline.length);
    assert.ok(pooled.length >= 15);
    for (let i = 0; i < inline.length; i++) {
      const doc = pooled[i] as SourceDocument, own = inline[i] as SourceDocument;
      assert.deepEqual(comparable(doc, own), comparable(own));
      // Only the chunks cross back: the Markdown stays behind, and the indexer knows.
      assert.equal(doc.markdown, "");
      assert.equal(doc.prepared?.markdownDropped, true);
      assert.equal(usablePrepared(doc, SETTINGS), doc.prepared);
      assert.throws(
        () => usablePrepared(doc, { ...SETTINGS, size: SETTINGS.size + 1 }),
        /made with other settings and its Markdown was not kept/,
      );
    }
  } finally {
    pool.close();
  }
});

Deno.test("the reading thread converts queued pages itself when it helps", async () => {
  const xml = await sampleDump();
  const jobs: PageJob[] = [];
  for await (
    const entry of documentsFromDump(() => new Blob([xml]).stream(), {
      source: "d.xml",
      pool: {
        parallelism: 1,
        convert: (job) => (jobs.push(job), inlinePagePool().convert(job)),
        close() {},
      },
    })
  ) assert.ok(!isSourceFailure(entry));
  const plain = workerPagePool(1);
  plain.close();
  assert.equal(plain.help, undefined, "no help unless asked");
  // Three pages held by the worker, so most wait in the pool for the reading thread.
  const pool = workerPagePool(1, { prepare: SETTINGS, help: true, sentPerWorker: 3 });
  try {
    const results = jobs.map((job) => pool.convert(job));
    let helped = 0;
    while (await pool.help!()) helped++;
    assert.ok(helped >= jobs.length - 4, `${helped} of ${jobs.length} converted in this thread`);
    assert.equal(await pool.help!(), false, "nothing left to take");
    const documents = await Promise.all(results);
    assert.deepEqual(documents.map((d) => d.title), jobs.map((j) => j.page.title));
    const own = await Promise.all(
      jobs.map((job) => inlinePagePool().convert({ ...job, prepare: SETTINGS })),
    );
    documents.forEach((doc, i) => assert.deepEqual(comparable(doc, own[i]), comparable(own[i])));
  } finally {
    pool.close();
  }
});
