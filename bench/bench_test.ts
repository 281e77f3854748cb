import assert from "node:assert/strict";
import { formatRatio, formatTarget, formatValue, markdownTable } from "./report.ts";
import { parsePublished } from "./suites/extract.ts";
import { slope } from "./suites/soak.ts";
import { scriptUrls } from "./suites/web.ts";
import { mergeLoads } from "./suites/server.ts";
import { buildGap } from "./suites/scale.ts";
import { madeUpWord, writeSyntheticDump } from "./suites/sources.ts";
import { documentsFromDumpFile } from "../lib/sources/mod.ts";
import { isSourceFailure, type SourceDocument } from "../lib/ingest/source_document.ts";
import { firstTokenNote } from "./server/queueing.ts";
import type { Row } from "./types.ts";

const row = (over: Partial<Row>): Row => ({
  figure: "first token p95",
  unit: "ms",
  ours: 120,
  peer: "bare Deno.serve SSE",
  peerValue: 40,
  better: "lower",
  ...over,
});

Deno.test("the results table shows ours ÷ theirs and whether a target is met", async (t) => {
  await t.step("ratios", () => {
    assert.equal(formatRatio(row({})), "3.00×");
    assert.equal(formatRatio(row({ ours: 0, peerValue: 0 })), "1.00×");
    assert.equal(formatRatio(row({ peerValue: null })), "–");
  });
  await t.step("targets are reported in the direction that is better", () => {
    assert.equal(formatTarget(row({ target: 500 })), "≤ 500 ms ✓");
    assert.equal(formatTarget(row({ target: 100 })), "≤ 100 ms ✗");
    assert.equal(
      formatTarget(row({ better: "higher", unit: "", ours: 0.9, target: 0.95 })),
      "≥ 0.950 ✗",
    );
    assert.equal(formatTarget(row({ target: undefined })), "");
  });
  await t.step("values keep three significant digits and group thousands", () => {
    assert.equal(formatValue(0.87936), "0.879");
    assert.equal(formatValue(12.345, "ms"), "12.3 ms");
    assert.equal(formatValue(59874.2, "tok/s"), "59,874 tok/s");
    assert.equal(formatValue(null), "–");
  });
  await t.step("a failed or skipped suite gets a line of its own", () => {
    const table = markdownTable([
      { suite: "server", rows: [row({})] },
      { suite: "extract", rows: [], skipped: "no data" },
      { suite: "lambda", rows: [], error: "node | crashed" },
    ]);
    const lines = table.split("\n");
    assert.equal(lines.length, 5);
    assert.match(
      lines[2],
      /^\| server \| first token p95 ↓ \| 120 ms \| bare Deno\.serve SSE \| 40\.0 ms \| 3\.00× \|/,
    );
    assert.match(lines[3], /skipped: no data/);
    assert.match(lines[4], /\*\*failed\*\*: node \\\| crashed/);
  });
});

Deno.test("parsePublished reads the README's results table", () => {
  const readme = [
    "# data",
    "| a | b |",
    "## Published results (F1 / precision / recall)",
    "",
    "| extractor | version | F1 | precision | recall |",
    "|---|---|---|---|---|",
    "| trafilatura | 2.0.0 | 0.958 | 0.938 | 0.978 |",
    "| readability_js (Mozilla Readability.js) | 0.6.0 | 0.947 | 0.914 | 0.982 |",
    "",
    "The commercial service scored 0.970.",
  ].join("\n");
  assert.deepEqual(parsePublished(readme), [
    { extractor: "trafilatura", version: "2.0.0", f1: 0.958, precision: 0.938, recall: 0.978 },
    {
      extractor: "readability_js (Mozilla Readability.js)",
      version: "0.6.0",
      f1: 0.947,
      precision: 0.914,
      recall: 0.982,
    },
  ]);
});

Deno.test("scriptUrls follows script src and modulepreload links only", () => {
  const html =
    `<link rel="stylesheet" href="/styles.css"><link rel=modulepreload href="/_islands/chunk-a.js">
    <script type="module" src='/_islands/boot.js'></script><script>inline()</script>
    <link href="/_islands/Chat.js" rel="modulepreload"><script src="https://cdn.example/x.js"></script>`;
  assert.deepEqual(
    scriptUrls(html, new URL("http://127.0.0.1:8000/about")).map((u) => u.href),
    [
      "http://127.0.0.1:8000/_islands/chunk-a.js",
      "http://127.0.0.1:8000/_islands/boot.js",
      "http://127.0.0.1:8000/_islands/Chat.js",
      "https://cdn.example/x.js",
    ],
  );
});

Deno.test("slope is the least-squares gradient; flat memory has none", () => {
  assert.equal(slope([{ x: 0, y: 100 }, { x: 1, y: 102 }, { x: 2, y: 104 }]), 2);
  assert.equal(slope([{ x: 0, y: 5 }, { x: 1, y: 5 }, { x: 2, y: 5 }]), 0);
  assert.equal(slope([{ x: 0, y: 5 }]), 0);
});

Deno.test("mergeLoads adds counts and keeps every sample", () => {
  const part = {
    elapsedMs: 1000,
    requests: 3,
    completed: 2,
    aborted: 0,
    errors: 1,
    errorKinds: { "HTTP 503": 1 },
    ttfbMs: [1, 2],
    sourcesMs: [2],
    firstTokenMs: [3],
    totalMs: [4, 5],
    tokens: 100,
  };
  const merged = mergeLoads([part, part]);
  assert.equal(merged.requests, 6);
  assert.equal(merged.tokens, 200);
  assert.deepEqual(merged.errorKinds, { "HTTP 503": 2 });
  assert.deepEqual(merged.ttfbMs, [1, 2, 1, 2]);
});

Deno.test("a lexical build short of 20,000 chunks/s says what a chunk cost", () => {
  const built = {
    chunksPerSecond: 8_000,
    buildSeconds: 6.25,
    chunksPerCpuSecond: 4_000,
    threadCpuSeconds: [["main", 2.5], ["other", 4]],
  };
  const note = buildGap("50k", built)!;
  assert.match(note, /8,000 chunks\/s against the 20,000 target/);
  assert.match(note, /250 µs of CPU across the build's threads \(the writing thread 50\)/);
  assert.match(note, /two cores give at most 8,000 chunks\/s; the target needs 100 µs/);
  assert.equal(buildGap("50k", { ...built, chunksPerSecond: 21_000 }), null);
  assert.equal(buildGap("1M", undefined), null);
});

Deno.test("the first-token note explains a missed p99 by the closed loop", () => {
  const figures = {
    concurrency: 100,
    perSecond: 500,
    p99Ms: 450,
    echoPerSecond: 1000,
    echoP99Ms: 230,
    targetMs: 100,
  };
  const note = firstTokenNote(figures)!;
  assert.match(note, /at 500 streams\/s a stream is open 200 ms on average/);
  assert.match(note, /completes 1000 streams\/s \(100 ms each\) and its first token p99 is 230/);
  assert.match(note, /more than 1,000 streams\/s/);
  assert.equal(firstTokenNote({ ...figures, p99Ms: 90 }), null);
});

Deno.test("bench refuses dump sizes that are not whole page counts, with its usage", async () => {
  for (const bad of ["0", "5000,x", "2.5"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./main.ts", import.meta.url).pathname,
        "sources",
        "--sources-pages",
        bad,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 2, bad);
    assert.match(new TextDecoder().decode(out.stderr), /--sources-pages N,N…/);
  }
});

/** Samples of a synthetic dump: a page, and a redirect to the first page made of it. */
const DUMP_SAMPLES = [
  { name: "Ember Gate", text: "The '''Ember Gate''' is a gate." },
  { name: "Old name", text: "#REDIRECT [[Ember Gate 0]]" },
];

Deno.test("the synthetic dump's redirects are aliases of its pages or of titles it lacks", async () => {
  const path = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await writeSyntheticDump(path, DUMP_SAMPLES, 10, 500);
    const docs: SourceDocument[] = [];
    for await (const entry of documentsFromDumpFile(path)) {
      assert.ok(!isSourceFailure(entry), JSON.stringify(entry));
      docs.push(entry);
    }
    // The five Ember Gate pages: every redirect is a page of the dump, none a document.
    assert.deepEqual(docs.map((d) => d.title), [0, 2, 4, 6, 8].map((i) => `Ember Gate ${i}`));
    const aliases = docs.flatMap((d) => d.aliases ?? []);
    // One redirect in 50 names a page of the dump (ten, spread over its pages; the five
    // that fall on the sample that is itself a redirect name a missing title instead),
    // the rest titles it lacks.
    assert.equal(aliases.filter((a) => a.startsWith("Other name ")).length, 5);
    assert.ok(docs.filter((d) => d.aliases?.some((a) => a.startsWith("Other "))).length > 2);
    assert.ok(aliases.every((a) => a.startsWith("Other name ") || /^Old name \d$/.test(a)));
    assert.match(docs[0].markdown, /^Ember Gate 0 is also known as /);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("the synthetic dump's new words are made up and each page's own", async () => {
  const path = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await writeSyntheticDump(path, DUMP_SAMPLES, 6, 0, 40);
    const words: string[][] = [];
    for await (const entry of documentsFromDumpFile(path)) {
      assert.ok(!isSourceFailure(entry), JSON.stringify(entry));
      words.push(entry.markdown.match(/\bq[b-z]+o\b/g) ?? []);
    }
    // Three pages (the others are the redirect sample), 40 words each, none repeated.
    assert.deepEqual(words.map((w) => w.length), [40, 40, 40]);
    assert.equal(new Set(words.flat()).size, 120);
    assert.equal(madeUpWord(0), "qbo");
    assert.equal(madeUpWord(21), "qcco");
  } finally {
    await Deno.remove(path);
  }
});
