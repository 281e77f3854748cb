/**
 * `deno task eval:answers [--json] [--verbose] [--dataset DIR] [--corpus DIR]`
 *
 * Scores the answers LoreChat gives with no keys (the extractive provider over the
 * embedded sqlite store) on a labelled question set — by default the sample lore and
 * `sample/lore-eval`. Services are built in-process exactly as the app builds them, over
 * a fresh data folder, so the corpus goes through the real ingestion; then every question
 * is asked through the chat service and judged:
 *
 * - accuracy: the answer holds ≥ 60% of the reference answer's content tokens (see
 *   `answer_judge.ts` for the normalisation); a no-answer scores 0;
 * - citations: the cited sources include a page judged relevant (qrels score ≥ 1), and
 *   the share of cited pages that are relevant;
 * - abstention: an unanswerable question gets a no-answer;
 * - hit@K: the best page (score 2) is among the sources;
 * - latency p50/p95 of the whole turn.
 *
 * Every third question (q3, q6, …) is held out: tune on the rest, report both.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { parseConfig } from "../lib/config/mod.ts";
import { createServices } from "../lib/app/services.ts";
import { EXTRACTIVE_LABEL, EXTRACTIVE_NO_ANSWER } from "../lib/llm/mod.ts";
import { isNotFoundAnswer } from "../lib/rag/mod.ts";
import {
  answerRecall,
  CORRECT_AT,
  isHeldOut,
  missingTokens,
  pageIdFromUrl,
  percentile,
  queryNumber,
} from "./answer_judge.ts";

interface Question {
  _id: string;
  text: string;
  answer: string;
  unanswerable?: boolean;
}

/** One judged question. */
interface Outcome {
  id: string;
  question: string;
  reference: string;
  answer: string;
  unanswerable: boolean;
  heldOut: boolean;
  abstained: boolean;
  recall: number;
  correct: boolean;
  citedRelevant: boolean;
  citedPages: number;
  citedRelevantPages: number;
  bestHit: boolean;
  ms: number;
}

async function readQuestions(dir: string): Promise<Question[]> {
  const text = await Deno.readTextFile(`${dir}/queries.jsonl`);
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Question);
}

async function readQrels(dir: string): Promise<Map<string, Map<string, number>>> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = (await Deno.readTextFile(`${dir}/qrels/test.tsv`)).split("\n").slice(1);
  for (const line of lines) {
    const [q, page, score] = line.trim().split("\t");
    if (!q || !page) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(page, Number(score));
  }
  return qrels;
}

function isNoAnswer(text: string): boolean {
  const t = text.trim();
  return isNotFoundAnswer(t) || t === EXTRACTIVE_NO_ANSWER;
}

/** Summary numbers over a set of outcomes. */
function summarise(outcomes: Outcome[]) {
  const answerable = outcomes.filter((o) => !o.unanswerable);
  const unanswerable = outcomes.filter((o) => o.unanswerable);
  const cited = answerable.reduce((n, o) => n + o.citedPages, 0);
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return {
    questions: outcomes.length,
    answerable: answerable.length,
    correct: answerable.filter((o) => o.correct).length,
    accuracy: share(answerable.filter((o) => o.correct).length, answerable.length),
    meanRecall: share(answerable.reduce((s, o) => s + o.recall, 0), answerable.length),
    citationHit: share(answerable.filter((o) => o.citedRelevant).length, answerable.length),
    citationPrecision: share(answerable.reduce((n, o) => n + o.citedRelevantPages, 0), cited),
    falseAbstentions: answerable.filter((o) => o.abstained).length,
    unanswerable: unanswerable.length,
    abstained: unanswerable.filter((o) => o.abstained).length,
    bestPageHit: share(answerable.filter((o) => o.bestHit).length, answerable.length),
    p50Ms: percentile(outcomes.map((o) => o.ms), 50),
    p95Ms: percentile(outcomes.map((o) => o.ms), 95),
  };
}

type Summary = ReturnType<typeof summarise>;

function formatSummary(name: string, s: Summary): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return [
    `${name.padEnd(9)} accuracy ${s.correct}/${s.answerable} (${pct(s.accuracy)})`,
    `mean token recall ${s.meanRecall.toFixed(3)}`,
    `cites a relevant page ${pct(s.citationHit)}`,
    `cited-page precision ${pct(s.citationPrecision)}`,
    `best page in sources ${pct(s.bestPageHit)}`,
    `abstained ${s.abstained}/${s.unanswerable} unanswerable, ${s.falseAbstentions} answerable`,
    `p50 ${s.p50Ms.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms`,
  ].join(" | ");
}

function formatMisses(outcomes: Outcome[], questions: Map<string, string>): string {
  const misses = outcomes.filter((o) => (o.unanswerable ? !o.abstained : !o.correct));
  const lines = [`misses (${misses.length}):`];
  for (const o of misses) {
    const oneLine = o.answer.replace(EXTRACTIVE_LABEL, "").replace(/\s+/g, " ").trim();
    const why = o.unanswerable
      ? "answered an unanswerable question"
      : `recall ${o.recall.toFixed(2)}, missing: ${missingTokens(o.reference, o.answer).join(" ")}${
        o.bestHit ? "" : " [best page not retrieved]"
      }`;
    lines.push(
      `${o.heldOut ? "*" : " "}${o.id.padEnd(4)} ${questions.get(o.id)}`,
      `      expected: ${o.reference}`,
      `      got:      ${oneLine.slice(0, 400)}`,
      `      ${why}`,
    );
  }
  lines.push("(* = held out)");
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      dataset: { type: "string", default: "sample/lore-eval" },
      corpus: { type: "string", default: "sample/lore" },
    },
  });
  const questions = await readQuestions(values.dataset!);
  const qrels = await readQrels(values.dataset!);
  const dir = await Deno.makeTempDir({ prefix: "lorechat-eval-answers-" });
  const started = performance.now();
  const services = await createServices(
    parseConfig({ DATA_DIR: dir, LOG_LEVEL: "error", SAMPLE_CORPUS_DIR: values.corpus! }),
  );
  const ingestMs = performance.now() - started;
  const outcomes: Outcome[] = [];
  try {
    const chat = services.state.chat!;
    for (const q of questions) {
      const t0 = performance.now();
      const reply = await chat.answer(
        [{ role: "user", content: q.text }],
        {},
        new AbortController().signal,
      );
      const ms = performance.now() - t0;
      if (reply.error) throw new Error(`${q._id}: ${reply.error.code} ${reply.error.message}`);
      const judged = qrels.get(q._id) ?? new Map<string, number>();
      const best = [...judged].find(([, s]) => s === 2)?.[0];
      const sourcePages = reply.sources.map((s) => pageIdFromUrl(s.url));
      const citedPages = [
        ...new Set(
          reply.sources.filter((s) => reply.citations.includes(s.n)).map((s) =>
            pageIdFromUrl(s.url)
          ),
        ),
      ];
      const relevantCited = citedPages.filter((p) => (judged.get(p) ?? 0) >= 1).length;
      const abstained = isNoAnswer(reply.answer);
      const body = reply.answer.replace(EXTRACTIVE_LABEL, "");
      const recall = abstained ? 0 : answerRecall(q.answer, body);
      outcomes.push({
        id: q._id,
        question: q.text,
        reference: q.answer,
        answer: reply.answer,
        unanswerable: q.unanswerable === true,
        heldOut: isHeldOut(q._id),
        abstained,
        recall,
        correct: !q.unanswerable && recall >= CORRECT_AT,
        citedRelevant: relevantCited > 0,
        citedPages: citedPages.length,
        citedRelevantPages: relevantCited,
        bestHit: best !== undefined && sourcePages.includes(best),
        ms,
      });
    }
  } finally {
    await services.close();
    await Deno.remove(dir, { recursive: true });
  }
  outcomes.sort((a, b) => queryNumber(a.id) - queryNumber(b.id));
  const report = {
    dataset: values.dataset,
    judge: `answer holds >= ${CORRECT_AT} of the reference's content tokens`,
    ingestMs: Math.round(ingestMs),
    all: summarise(outcomes),
    tuning: summarise(outcomes.filter((o) => !o.heldOut)),
    heldOut: summarise(outcomes.filter((o) => o.heldOut)),
  };
  if (values.json) {
    const detail = values.verbose ? { outcomes } : {};
    console.log(JSON.stringify({ ...report, ...detail }, null, 2));
    return 0;
  }
  console.log(`${values.dataset}: ${questions.length} questions, ingest ${report.ingestMs} ms`);
  console.log(formatSummary("all", report.all));
  console.log(formatSummary("tuning", report.tuning));
  console.log(formatSummary("held-out", report.heldOut));
  if (values.verbose) {
    console.log("");
    console.log(formatMisses(outcomes, new Map(questions.map((q) => [q._id, q.text]))));
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
