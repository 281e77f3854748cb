import assert from "node:assert/strict";
import { blockMaxSearch, type BlockTerm } from "./postings_blockmax.ts";
import { chunkTerms, DeltaSegment } from "./postings_delta.ts";
import { mergeSegments } from "./postings_merge.ts";
import {
  B,
  inverseDocumentFrequency,
  K1,
  maxScoreSearch,
  type TermCursor,
  TopK,
} from "./postings_search.ts";
import { Segment, SegmentCursor } from "./postings_segment.ts";
import type { TermAnalyzer } from "./term_analyzer.ts";

const words: TermAnalyzer = {
  version: "words",
  analyze: (text) => text.split(" ").filter(Boolean),
};

function random(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 48271) % 0x7fffffff) & 0x7fffffff) / 0x7fffffff);
}

/**
 * A corpus with the skew of text (a few terms in most documents, most in few), lengths
 * from 1 to ~300 terms, and one document in five a copy of an earlier one, so scores tie.
 */
function corpus(size: number, seed: number) {
  const r = random(seed);
  const vocabulary = Array.from({ length: 60 }, (_, i) => `w${i}`);
  const word = () => vocabulary[Math.min(59, Math.floor(Math.exp(r() * Math.log(61)) - 1))];
  const docs: { title: string; text: string }[] = [];
  for (let d = 0; d < size; d++) {
    if (d > 0 && r() < 0.2) {
      docs.push(docs[Math.floor(r() * d)]);
      continue;
    }
    const length = 1 + Math.floor(r() ** 3 * 300);
    // Half the documents hold one of twenty rarer words (a hundred documents each).
    const rare = r() < 0.5 ? ` r${Math.floor(r() * 20)}` : "";
    const text = Array.from({ length }, word).join(" ") + rare;
    docs.push({ title: r() < 0.3 ? word() : "", text });
  }
  const analysed = docs.map((doc) => chunkTerms(words, doc.title, "", doc.text));
  const delta = new DeltaSegment();
  // Seqs with gaps, as a store's are after deletions.
  analysed.forEach((terms, d) => delta.add(d * 3 + 7, terms));
  return { vocabulary, analysed, segment: mergeSegments(Segment.empty(), null, delta), r };
}

/** Every document scored, terms summed in query order; best first, lower key on ties. */
function exhaustive(
  c: Pick<ReturnType<typeof corpus>, "analysed" | "segment">,
  query: string[],
  k: number,
  skip: (doc: number) => boolean,
) {
  const a = c.segment.a;
  const n = c.segment.size;
  const averageLength = a.totalLength / n;
  const all: { key: number; score: number }[] = [];
  c.analysed.forEach((terms, doc) => {
    if (skip(doc)) return;
    const norm = K1 * (1 - B + (B * a.lengths[doc]) / averageLength);
    let score = 0, found = false;
    for (const term of query) {
      const tf = terms.counts.get(term);
      const t = c.segment.termIds.get(term);
      if (tf === undefined || t === undefined) continue;
      score += inverseDocumentFrequency(n, a.df[t]) * (tf * (K1 + 1)) / (tf + norm);
      found = true;
    }
    if (found) all.push({ key: a.seqs[doc], score });
  });
  return all.sort((x, y) => y.score - x.score || x.key - y.key).slice(0, k);
}

function search(
  segment: Segment,
  query: string[],
  k: number,
  skip: ((doc: number) => boolean) | null,
  engine: "blockmax" | "maxscore",
) {
  const a = segment.a;
  const ctx = {
    averageLength: a.totalLength / segment.size,
    lengths: a.lengths,
    seqs: a.seqs,
    skip,
  };
  const top = new TopK(k);
  const terms = query.flatMap((term) => {
    const t = segment.termIds.get(term);
    if (t === undefined) return [];
    const idf = inverseDocumentFrequency(segment.size, a.df[t]);
    return [{ t, idf, cursor: new SegmentCursor(segment, t) }];
  });
  if (engine === "blockmax") {
    blockMaxSearch(segment, terms.map((x): BlockTerm => ({ ...x, term: x.t })), ctx, top);
  } else {
    const cursors = terms.map((x): TermCursor => ({
      cursor: x.cursor,
      idf: x.idf,
      maxTf: a.maxTf[x.t],
      minLen: a.minLen[x.t],
    }));
    maxScoreSearch(cursors, ctx, top);
  }
  return top.sorted();
}

Deno.test("block-max MaxScore gives exactly the exhaustive BM25 top k, ties included", () => {
  for (const seed of [1, 2, 3]) {
    const c = corpus(4000, seed);
    let tied = 0;
    for (let q = 0; q < 60; q++) {
      const length = 1 + Math.floor(c.r() * 5);
      const query = [
        ...new Set(Array.from({ length }, () => c.vocabulary[Math.floor(c.r() ** 2 * 62)])),
      ]
        .map((w) => w ?? "absent");
      if (q % 2) query.splice(Math.floor(c.r() * query.length), 0, `r${Math.floor(c.r() * 20)}`);
      const k = [1, 3, 10, 20, 40, 200][q % 6];
      const deleted = new Set(Array.from({ length: 200 }, () => Math.floor(c.r() * 4000)));
      for (const skip of [null, (doc: number) => deleted.has(doc)]) {
        const want = exhaustive(c, query, k, skip ?? (() => false));
        const label = `seed ${seed}, query ${query.join(" ")}, k ${k}, skip ${!!skip}`;
        assert.deepEqual(search(c.segment, query, k, skip, "blockmax"), want, label);
        assert.deepEqual(search(c.segment, query, k, skip, "maxscore"), want, label);
        for (let i = 1; i < want.length; i++) if (want[i].score === want[i - 1].score) tied++;
      }
    }
    assert.ok(tied > 50, `the corpus makes ties (${tied})`);
  }
});

Deno.test("block-max MaxScore skips blocks whose maxima cannot reach the top k", () => {
  // "lore" is in one chunk in four: twenty times in the first two hundred (one page
  // about it), once elsewhere; "rune" is in one chunk in a hundred.
  const analysed = Array.from({ length: 20_000 }, (_, d) => {
    const lore = d % 4 === 0 ? (d < 200 ? 20 : 1) : 0;
    const text = [...Array(lore).fill("lore"), ...Array(20 - lore).fill("x")];
    if (d % 100 === 3) text.push("rune");
    return chunkTerms(words, "", "", text.join(" "));
  });
  const delta = new DeltaSegment();
  analysed.forEach((terms, d) => delta.add(d + 1, terms));
  const c = { analysed, segment: mergeSegments(Segment.empty(), null, delta) };
  const count = { blockmax: 0, maxscore: 0 };
  const original = Segment.prototype.decodeBlock;
  let engine: keyof typeof count = "blockmax";
  Segment.prototype.decodeBlock = function (...args) {
    count[engine]++;
    return original.apply(this, args);
  };
  try {
    for (const query of [["lore"], ["lore", "rune"], ["rune", "lore"]]) {
      for (engine of ["blockmax", "maxscore"] as const) {
        count[engine] = 0;
        assert.deepEqual(
          search(c.segment, query, 10, null, engine),
          exhaustive(c, query, 10, () => false),
        );
      }
      if (query.length === 1) {
        // Once the page's chunks fill the top 10, no other block can reach them.
        assert.ok(count.blockmax * 10 < count.maxscore, JSON.stringify(count));
      }
    }
  } finally {
    Segment.prototype.decodeBlock = original;
  }
});

Deno.test("block-max MaxScore stays exact when the seed term's list spans many blocks", () => {
  // 40,000 documents: each rare word in ~1,000 (eight blocks), under 1/32 of them.
  const c = corpus(40_000, 9);
  for (let q = 0; q < 24; q++) {
    const common = c.vocabulary[Math.floor(c.r() ** 2 * 60)];
    const query = [`r${q % 20}`, common, ...(q % 3 ? [c.vocabulary[q]] : [])];
    const k = [1, 10, 40][q % 3];
    const want = exhaustive(c, query, k, () => false);
    assert.deepEqual(search(c.segment, query, k, null, "blockmax"), want, query.join(" "));
  }
});
