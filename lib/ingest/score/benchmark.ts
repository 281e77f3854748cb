/**
 * Loading the article extraction benchmark data (ground truth, published outputs, the
 * gzip-compressed pages). File access is passed in, so this stays runtime-neutral.
 *
 * @module
 */

import { decodeHtmlBytes, gunzipCapped } from "../clean/mod.ts";

/** Reads a file's bytes; `Deno.readFile` or `fs.promises.readFile` both fit. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

/** One benchmark page: its id, URL, hand-labelled text and decoded HTML. */
export interface BenchmarkPage {
  id: string;
  url: string;
  truth: string;
  html: string;
}

/** `{ id: { articleBody, url } }`, as in ground-truth.json and the output files. */
export type ArticleBodies = Record<string, { articleBody?: string; url?: string }>;

/** F1 figures from the benchmark README, for checking the scorer against. */
export const PUBLISHED_F1: Readonly<Record<string, number>> = {
  rs_trafilatura: 0.970,
  go_trafilatura: 0.960,
  trafilatura: 0.958,
  newspaper: 0.949,
  readability_js: 0.947,
  readability: 0.922,
  goose3: 0.896,
  justext: 0.804,
  html2text: 0.662,
};

async function readJson(readFile: ReadFile, path: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await readFile(path)));
}

/** Reads ground-truth.json from the benchmark folder (path ends with "/"). */
export async function loadGroundTruth(dir: string, readFile: ReadFile): Promise<ArticleBodies> {
  return await readJson(readFile, `${dir}ground-truth.json`) as ArticleBodies;
}

/** Reads one extractor's published output, unwrapping `{ version, output }` files. */
export async function loadPublishedOutput(
  dir: string,
  extractor: string,
  readFile: ReadFile,
): Promise<ArticleBodies> {
  const data = await readJson(readFile, `${dir}output/${extractor}.json`) as
    & ArticleBodies
    & { output?: ArticleBodies };
  return data.output && typeof data.output === "object" ? data.output : data;
}

/** Loads the pages (optionally only ids starting with `only`), sorted by id. */
export async function loadBenchmarkPages(
  dir: string,
  readFile: ReadFile,
  only?: string,
): Promise<BenchmarkPage[]> {
  const truth = await loadGroundTruth(dir, readFile);
  const pages: BenchmarkPage[] = [];
  for (const id of Object.keys(truth).sort()) {
    if (only && !id.startsWith(only)) continue;
    const bytes = await gunzipCapped(await readFile(`${dir}html/${id}.html.gz`));
    pages.push({
      id,
      url: truth[id].url ?? "",
      truth: truth[id].articleBody ?? "",
      html: decodeHtmlBytes(bytes),
    });
  }
  return pages;
}
