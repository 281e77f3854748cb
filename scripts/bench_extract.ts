/**
 * Scores `cleanHtml` on the article extraction benchmark (181 real pages, hand-labelled
 * main text) and, for comparison, `@mozilla/readability` + `turndown` run in the same
 * process on the same pages.
 *
 *   deno task bench:extract [--json] [--worst N] [--dump DIR] [--only ID_PREFIX] [--no-baseline]
 *
 * The data is read from `../shared/data/extraction-benchmark/` relative to the repo root
 * (override with `--data DIR`); it is never copied into the repository.
 *
 * @module
 */

import process from "node:process";
import { parseHTML } from "linkedom";
import { Readability } from "@mozilla/readability";
import TurndownService from "turndown";
import { cleanHtml } from "../lib/ingest/clean/mod.ts";
import { type BenchmarkPage, loadBenchmarkPages } from "../lib/ingest/score/benchmark.ts";
import {
  aggregateScores,
  type ExtractionScore,
  markdownToPlainText,
  matchShingles,
  type ShingleCounts,
} from "../lib/ingest/score/mod.ts";

interface Args {
  json: boolean;
  worst: number;
  dump?: string;
  only?: string;
  baseline: boolean;
  data: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    json: false,
    worst: 0,
    baseline: true,
    data: new URL("../../shared/data/extraction-benchmark/", import.meta.url).pathname,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") args.json = true;
    else if (a === "--no-baseline") args.baseline = false;
    else if (a === "--worst") args.worst = Number(argv[++i]);
    else if (a === "--dump") args.dump = argv[++i];
    else if (a === "--only") args.only = argv[++i];
    else if (a === "--data") args.data = argv[++i].replace(/\/?$/, "/");
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

type Page = BenchmarkPage;

/** Readability.js on a linkedom document, its HTML turned into Markdown by turndown. */
function readabilityMarkdown(html: string, turndown: TurndownService): string {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as unknown as Document).parse();
    return article?.content ? turndown.turndown(article.content) : "";
  } catch {
    return "";
  }
}

interface Run {
  score: ExtractionScore;
  perPage: Array<{ id: string; url: string; counts: ShingleCounts }>;
  seconds: number;
  /** Process CPU time (user + system, all threads) spent inside this extractor's calls. */
  cpuSeconds: number;
}

/**
 * Runs each extractor on every page, page by page in turn, so that on a shared machine a
 * burst of load falls on all of them alike and their pages/s compare fairly.
 */
async function runInTurn(
  pages: Page[],
  extractors: ((page: Page) => Promise<string>)[],
  dump?: string,
): Promise<Run[]> {
  const perPage: Run["perPage"][] = extractors.map(() => []);
  const seconds = extractors.map(() => 0);
  const cpuSeconds = extractors.map(() => 0);
  for (const page of pages) {
    for (const [i, extract] of extractors.entries()) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const markdown = await extract(page);
      const used = process.cpuUsage(cpu);
      seconds[i] += (performance.now() - start) / 1000;
      cpuSeconds[i] += (used.user + used.system) / 1e6;
      if (dump && i === 0) await Deno.writeTextFile(`${dump}/${page.id.slice(0, 8)}.md`, markdown);
      perPage[i].push({
        id: page.id,
        url: page.url,
        counts: matchShingles(page.truth, markdownToPlainText(markdown)),
      });
    }
  }
  return perPage.map((runs, i) => ({
    score: aggregateScores(runs.map((p) => p.counts)),
    perPage: runs,
    seconds: seconds[i],
    cpuSeconds: cpuSeconds[i],
  }));
}

function line(name: string, r: Run, pages: number): string {
  const { precision, recall, f1 } = r.score;
  return `${name.padEnd(22)} F1 ${f1.toFixed(4)}  precision ${precision.toFixed(4)}  ` +
    `recall ${recall.toFixed(4)}  ${(pages / r.seconds).toFixed(1)} pages/s  ` +
    `${(pages / r.cpuSeconds).toFixed(1)} pages/CPU-s`;
}

async function main() {
  const args = parseArgs(Deno.args);
  try {
    await Deno.stat(`${args.data}ground-truth.json`);
  } catch {
    console.error(`benchmark data not found at ${args.data}`);
    Deno.exit(1);
  }
  const pages = await loadBenchmarkPages(args.data, Deno.readFile, args.only);
  if (args.dump) await Deno.mkdir(args.dump, { recursive: true });
  const turndown = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced" });
  const [ours, baseline] = await runInTurn(pages, [
    async (p) => (await cleanHtml(p.html, { url: p.url })).markdown,
    ...(args.baseline ? [(p: Page) => Promise.resolve(readabilityMarkdown(p.html, turndown))] : []),
  ], args.dump);
  if (args.json) {
    const pick = (r: Run) => ({
      ...r.score,
      pagesPerSecond: pages.length / r.seconds,
      pagesPerCpuSecond: pages.length / r.cpuSeconds,
    });
    console.log(JSON.stringify(
      {
        cleanHtml: pick(ours),
        ...(baseline ? { readabilityTurndown: pick(baseline) } : {}),
      },
      null,
      2,
    ));
  } else {
    console.log(`${pages.length} pages`);
    console.log(line("cleanHtml", ours, pages.length));
    if (baseline) console.log(line("readability+turndown", baseline, pages.length));
  }
  if (args.worst > 0) {
    const f = (c: ShingleCounts) => (2 * c.tp) / (2 * c.tp + c.fp + c.fn || 1);
    const worst = [...ours.perPage].sort((a, b) => f(a.counts) - f(b.counts)).slice(0, args.worst);
    for (const p of worst) {
      const { tp, fp, fn } = p.counts;
      console.log(
        `${p.id.slice(0, 8)} P ${(tp / (tp + fp || 1)).toFixed(2)} R ${
          (tp / (tp + fn || 1)).toFixed(2)
        } ${p.url.slice(0, 80)}`,
      );
    }
  }
}

if (import.meta.main) await main();
