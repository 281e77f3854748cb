/**
 * The postings index alone, without sqlite or the text analyzer: chunks analysed by a
 * plain ASCII tokenizer (the synthetic corpus is ASCII), inverted, merged into one
 * segment, then asked the corpus's questions with MaxScore. Times are CPU time of this
 * process (`process.cpuUsage`) as well as wall time, so a machine shared with other work
 * still shows what one core spends. Used by `child.ts --mode=index`.
 *
 * @module
 */
import process from "node:process";
import { chunkTerms, DeltaSegment } from "../../lib/vectorstore/postings_delta.ts";
import { encodeSegment, POSTINGS_FORMAT } from "../../lib/vectorstore/postings_file.ts";
import { mergeSegments } from "../../lib/vectorstore/postings_merge.ts";
import {
  inverseDocumentFrequency,
  maxScoreSearch,
  type TermCursor,
  TopK,
} from "../../lib/vectorstore/postings_search.ts";
import { Segment, SegmentCursor } from "../../lib/vectorstore/postings_segment.ts";
import type { TermAnalyzer } from "../../lib/vectorstore/term_analyzer.ts";
import type { ScaleCorpus } from "./corpus.ts";

/** CPU milliseconds this process has used. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const STOP = new Set(
  "the of and a in to was is that for it with as his on by at from her which or had this were they be are but not their one all there when who an been have more its what"
    .split(" "),
);
const ascii: TermAnalyzer = {
  version: "ascii",
  analyze: (text) => (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP.has(w)),
};

/** Builds a segment of `size` chunks and answers `asked` questions. */
export function measureIndexOnly(corpus: ScaleCorpus, size: number, asked: number[]) {
  let cpu = 0, wall = 0;
  const delta = new DeltaSegment();
  for (let i = 0; i < size; i++) {
    const c = corpus.chunk(i);
    const c0 = cpuMs(), w0 = performance.now();
    delta.add(i + 1, chunkTerms(ascii, c.metadata.title, c.metadata.heading, c.text));
    cpu += cpuMs() - c0;
    wall += performance.now() - w0;
  }
  const c0 = cpuMs(), w0 = performance.now();
  const segment = mergeSegments(Segment.empty(), null, delta);
  cpu += cpuMs() - c0;
  wall += performance.now() - w0;
  const bytes = encodeSegment(segment, {
    format: POSTINGS_FORMAT,
    analyzer: "ascii",
    storeId: "",
    logId: 0,
  }).byteLength;
  const search = (q: string) => topK(segment, [...new Set(ascii.analyze(q))], 20);
  search(corpus.question(asked[0]));
  const cpuTimes: number[] = [], wallTimes: number[] = [];
  for (const i of asked) {
    const q = corpus.question(i);
    const c1 = cpuMs(), w1 = performance.now();
    search(q);
    cpuTimes.push(cpuMs() - c1);
    wallTimes.push(performance.now() - w1);
  }
  return {
    buildCpuSeconds: cpu / 1000,
    buildWallSeconds: wall / 1000,
    chunksPerCpuSecond: size / (cpu / 1000),
    segmentMb: bytes / 2 ** 20,
    terms: segment.a.terms.length,
    cpuMs: percentiles(cpuTimes),
    wallMs: percentiles(wallTimes),
  };
}

function topK(segment: Segment, terms: string[], k: number) {
  const a = segment.a;
  const n = segment.size;
  const terms2: TermCursor[] = [];
  for (const term of terms) {
    const t = segment.termIds.get(term);
    if (t === undefined) continue;
    terms2.push({
      cursor: new SegmentCursor(segment, t),
      idf: inverseDocumentFrequency(n, a.df[t]),
      maxTf: a.maxTf[t],
      minLen: a.minLen[t],
    });
  }
  const top = new TopK(k);
  const averageLength = a.totalLength / n;
  maxScoreSearch(terms2, { averageLength, lengths: a.lengths, seqs: a.seqs, skip: null }, top);
  return top.sorted();
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}
