/**
 * The postings index alone, without sqlite or the text analyzer: chunks analysed by a
 * plain ASCII tokenizer (the synthetic corpus is ASCII), inverted, merged into one
 * segment, then asked the corpus's questions for the top 40 (what the store asks the
 * index for a top 20: 20 more for the named-page lift) with block-max MaxScore — and,
 * alternating question by question so both see the same machine, with plain MaxScore
 * (the baseline), checking that both return the same; after a warm pass, each question
 * three times (the first time is the figure; the least of three is reported beside it).
 * Times are CPU time of this process (`process.cpuUsage`) as well as wall time, so a
 * machine shared with other work still shows what one core spends. Used by
 * `child.ts --mode=index`.
 *
 * @module
 */
import process from "node:process";
import { chunkTerms, DeltaSegment } from "../../lib/vectorstore/postings_delta.ts";
import {
  decodeSegment,
  encodeSegment,
  POSTINGS_FORMAT,
} from "../../lib/vectorstore/postings_file.ts";
import { mergeSegments } from "../../lib/vectorstore/postings_merge.ts";
import { blockMaxSearch } from "../../lib/vectorstore/postings_blockmax.ts";
import {
  inverseDocumentFrequency,
  maxScoreSearch,
  type TermCursor,
  TopK,
} from "../../lib/vectorstore/postings_search.ts";
import { TITLE_BOOST } from "../../lib/vectorstore/sqlite_search.ts";
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

/**
 * Builds a segment of `size` chunks and answers `asked` questions. With `segmentFile`,
 * a segment saved there by an earlier run of the same size is asked instead of built
 * again (minutes at 1M on a busy machine), and a newly built one is saved there.
 */
export function measureIndexOnly(
  corpus: ScaleCorpus,
  size: number,
  asked: number[],
  segmentFile?: string,
) {
  const saved = segmentFile ? readSaved(segmentFile, size) : null;
  const built = saved ? null : build(corpus, size);
  const segment = saved ?? built!.segment;
  const encoded = encodeSegment(segment, {
    format: POSTINGS_FORMAT,
    analyzer: "ascii",
    storeId: String(size),
    logId: 0,
  });
  if (segmentFile && !saved) Deno.writeFileSync(segmentFile, encoded);
  const bytes = encoded.byteLength;
  const k = 20 + TITLE_BOOST.extra;
  const search = (q: string, engine: Engine) =>
    topK(segment, [...new Set(ascii.analyze(q))], k, engine);
  const questions = asked.map((i) => corpus.question(i));
  // A warm pass first: the first questions would time the JIT compiling the search.
  for (const q of questions) for (const engine of ENGINES) search(q, engine);
  const times = { blockmax: timings(), maxscore: timings() };
  let differing = 0;
  for (const q of questions) {
    const results: string[] = [];
    for (const engine of ENGINES) {
      // Three rounds: the first is the figure, the least of the three is the figure
      // with the machine's other work (preemption, cache) taken out as far as it can be.
      let cpuBest = Infinity, wallBest = Infinity;
      for (let round = 0; round < 3; round++) {
        const c1 = cpuMs(), w1 = performance.now();
        const found = JSON.stringify(search(q, engine));
        const c = cpuMs() - c1, w = performance.now() - w1;
        if (round === 0) {
          results.push(found);
          times[engine].cpu.push(c);
          times[engine].wall.push(w);
        }
        cpuBest = Math.min(cpuBest, c);
        wallBest = Math.min(wallBest, w);
      }
      times[engine].cpuBest.push(cpuBest);
      times[engine].wallBest.push(wallBest);
    }
    if (results[0] !== results[1]) differing++;
  }
  const figures = (t: ReturnType<typeof timings>) => ({
    cpuMs: percentiles(t.cpu),
    wallMs: percentiles(t.wall),
    bestOf3CpuMs: percentiles(t.cpuBest),
    bestOf3WallMs: percentiles(t.wallBest),
  });
  return {
    ...(built?.figures ?? { segmentFrom: segmentFile }),
    segmentMb: bytes / 2 ** 20,
    terms: segment.a.terms.length,
    topK: k,
    ...figures(times.blockmax),
    maxScore: figures(times.maxscore),
    differingResults: differing,
  };
}

type Engine = "blockmax" | "maxscore";

function build(corpus: ScaleCorpus, size: number) {
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
  const figures = {
    buildCpuSeconds: cpu / 1000,
    buildWallSeconds: wall / 1000,
    chunksPerCpuSecond: size / (cpu / 1000),
  };
  return { segment, figures };
}

/** A segment an earlier run saved for this size, or null. */
function readSaved(file: string, size: number): Segment | null {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(file);
  } catch {
    return null;
  }
  const decoded = decodeSegment(bytes.byteOffset % 8 === 0 ? bytes : bytes.slice());
  const fits = decoded?.header.analyzer === "ascii" && decoded.segment.size === size;
  return fits ? decoded!.segment : null;
}

const ENGINES = ["blockmax", "maxscore"] as const;

const timings = () => ({
  cpu: [] as number[],
  wall: [] as number[],
  cpuBest: [] as number[],
  wallBest: [] as number[],
});

function topK(segment: Segment, terms: string[], k: number, engine: Engine) {
  const a = segment.a;
  const n = segment.size;
  const top = new TopK(k);
  const ctx = { averageLength: a.totalLength / n, lengths: a.lengths, seqs: a.seqs, skip: null };
  const found = terms.flatMap((term) => {
    const t = segment.termIds.get(term);
    return t === undefined ? [] : [{ t, idf: inverseDocumentFrequency(n, a.df[t]) }];
  });
  if (engine === "blockmax") {
    const list = found.map(({ t, idf }) => ({
      cursor: new SegmentCursor(segment, t),
      term: t,
      idf,
    }));
    blockMaxSearch(segment, list, ctx, top);
  } else {
    const list: TermCursor[] = found.map(({ t, idf }) => ({
      cursor: new SegmentCursor(segment, t),
      idf,
      maxTf: a.maxTf[t],
      minLen: a.minLen[t],
    }));
    maxScoreSearch(list, ctx, top);
  }
  return top.sorted();
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}
