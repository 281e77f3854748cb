/**
 * Retrieval quality per language of the question: hit@3 (a relevant page among the first
 * three) and nDCG@k, for sets that mix languages. A question's language is the one the
 * analyzer detects in it.
 *
 * @module
 */
import { detectLanguage } from "../text/mod.ts";
import type { Judgements } from "./metrics.ts";
import type { QueryOutcome } from "./ranking.ts";

/** The scores of one language's questions. */
export interface LanguageRow {
  lang: string;
  queries: number;
  /** Share of questions with a relevant page among the first three. */
  hitAt3: number;
  ndcg: number;
}

/** Whether a relevant page is among the first three of `top`. */
export function hitAt3(top: readonly string[], judged: Judgements): boolean {
  return top.slice(0, 3).some((id) => (judged.get(id) ?? 0) > 0);
}

/**
 * One row per language, most questions first, then a row "all".
 *
 * @example
 * ```ts
 * import { scoresByLanguage } from "./by_language.ts";
 * const rows = scoresByLanguage(
 *   [{ id: "q", text: "Wer baute die Burg?", ndcg: 1, recall: 1, reciprocalRank: 1,
 *     latencyMs: 1, top: ["burg"] }],
 *   new Map([["q", new Map([["burg", 1]])]]),
 * );
 * console.assert(rows[0].lang === "de" && rows[0].hitAt3 === 1);
 * ```
 */
export function scoresByLanguage(
  outcomes: readonly QueryOutcome[],
  qrels: ReadonlyMap<string, Judgements>,
): LanguageRow[] {
  const groups = new Map<string, QueryOutcome[]>();
  for (const o of outcomes) {
    const lang = detectLanguage(o.text);
    groups.set(lang, [...(groups.get(lang) ?? []), o]);
  }
  const row = (lang: string, list: readonly QueryOutcome[]): LanguageRow => ({
    lang,
    queries: list.length,
    hitAt3: list.filter((o) => hitAt3(o.top, qrels.get(o.id) ?? new Map())).length /
      Math.max(1, list.length),
    ndcg: list.reduce((s, o) => s + o.ndcg, 0) / Math.max(1, list.length),
  });
  const rows = [...groups].map(([lang, list]) => row(lang, list))
    .sort((a, b) => b.queries - a.queries || a.lang.localeCompare(b.lang));
  return [...rows, row("all", outcomes)];
}

/** The rows as a small text table. */
export function formatLanguageTable(rows: readonly LanguageRow[], k: number): string {
  const lines = [`language  queries  hit@3   nDCG@${k}`];
  for (const r of rows) {
    lines.push(
      `${r.lang.padEnd(9)} ${String(r.queries).padStart(7)}  ${r.hitAt3.toFixed(3)}  ` +
        r.ndcg.toFixed(4),
    );
  }
  return lines.join("\n");
}
