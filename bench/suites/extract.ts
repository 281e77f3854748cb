/**
 * `extract`: the HTML cleaner against `@mozilla/readability` + `turndown` on the article
 * extraction benchmark (181 real pages, hand-labelled main text), scored by the project's
 * scorer — this suite runs `scripts/bench_extract.ts --json` (the `bench:extract` task)
 * rather than a second copy of it — and, in the same table, the F1 / precision / recall
 * the benchmark's README publishes for other extractors.
 *
 * @module
 */
import type { BenchContext, Row, Suite, SuiteOutcome } from "../types.ts";

interface Score {
  precision: number;
  recall: number;
  f1: number;
  pages: number;
  pagesPerSecond: number;
  /** Pages per second of process CPU time (user + system), steadier on a shared machine. */
  pagesPerCpuSecond?: number;
}

/** A published result from the data folder's README. */
export interface Published {
  extractor: string;
  version: string;
  f1: number;
  precision: number;
  recall: number;
}

/** Reads the "Published results" table of the benchmark README. */
export function parsePublished(readme: string): Published[] {
  const section = readme.slice(readme.indexOf("## Published results"));
  const rows: Published[] = [];
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim()).filter((_c, i, all) =>
      i > 0 && i < all.length - 1
    );
    if (cells.length !== 5 || !/^\d/.test(cells[2])) continue;
    rows.push({
      extractor: cells[0],
      version: cells[1],
      f1: Number(cells[2]),
      precision: Number(cells[3]),
      recall: Number(cells[4]),
    });
  }
  return rows;
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  const data = `${ctx.root}/../shared/data/extraction-benchmark/`;
  try {
    await Deno.stat(`${data}ground-truth.json`);
  } catch {
    return { rows: [], details: {}, skipped: `no benchmark data at ${data}` };
  }
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      `${ctx.root}/scripts/bench_extract.ts`,
      "--json",
    ],
    cwd: ctx.root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`bench:extract failed: ${new TextDecoder().decode(out.stderr).slice(-500)}`);
  }
  const measured = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    cleanHtml: Score;
    readabilityTurndown?: Score;
  };
  const ours = measured.cleanHtml;
  const peer = measured.readabilityTurndown;
  const published = parsePublished(await Deno.readTextFile(`${data}README.md`));
  const baseline = "readability + turndown (measured)";
  const rows: Row[] = [
    {
      figure: "F1",
      unit: "",
      ours: ours.f1,
      peer: baseline,
      peerValue: peer?.f1,
      better: "higher",
      target: 0.947,
    },
    {
      figure: "precision",
      unit: "",
      ours: ours.precision,
      peer: baseline,
      peerValue: peer?.precision,
      better: "higher",
    },
    {
      figure: "recall",
      unit: "",
      ours: ours.recall,
      peer: baseline,
      peerValue: peer?.recall,
      better: "higher",
    },
    {
      figure: "pages/s",
      unit: "pages/s",
      ours: ours.pagesPerSecond,
      peer: baseline,
      peerValue: peer?.pagesPerSecond,
      better: "higher",
      // Issue 11: at least as fast as Readability + turndown, at today's F1 or better.
      target: peer?.pagesPerSecond,
    },
    {
      figure: "pages per CPU-second",
      unit: "pages/s",
      ours: ours.pagesPerCpuSecond ?? null,
      peer: baseline,
      peerValue: peer?.pagesPerCpuSecond,
      better: "higher",
      target: peer?.pagesPerCpuSecond,
    },
    ...published.map((p): Row => ({
      figure: "F1 vs published",
      unit: "",
      ours: ours.f1,
      peer: `${p.extractor} ${p.version} (published)`,
      peerValue: p.f1,
      better: "higher",
    })),
  ];
  return {
    rows,
    details: { pages: ours.pages, measured, published },
    notes: [
      `${ours.pages} pages, scored with lib/ingest/score (4-shingle multiset match, per-page ` +
      "means). Published figures come from the data folder's README (other machines, other " +
      "years; F1 only is comparable). The F1 target is Readability.js's published 0.947.",
    ],
  };
}

/** The suite. */
export const extractSuite: Suite = {
  name: "extract",
  description: "cleanHtml vs readability+turndown on the 181-page extraction benchmark",
  run,
};
