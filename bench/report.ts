/**
 * The results table: every suite's rows, our value next to the alternative's, the ratio
 * (ours ÷ theirs) and whether our value meets its target. Targets are reported, never
 * enforced.
 *
 * @module
 */
import type { Row } from "./types.ts";

/** A suite's rows as they appear in the results file. */
export interface SuiteRows {
  suite: string;
  rows: Row[];
  error?: string;
  skipped?: string;
}

/** Formats a number for the table: integers grouped, small values with 3 significant digits. */
export function formatValue(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const abs = Math.abs(value);
  const text = abs >= 1000
    ? Math.round(value).toLocaleString("en-US")
    : abs >= 100
    ? value.toFixed(0)
    : abs >= 10
    ? value.toFixed(1)
    : abs >= 1
    ? value.toFixed(2)
    : abs === 0
    ? "0"
    : value.toPrecision(3);
  return unit ? `${text} ${unit}` : text;
}

/** Ours ÷ theirs, as "1.23×"; "–" when either is missing or theirs is 0. */
export function formatRatio(row: Row): string {
  if (row.ours === null || row.peerValue === null || row.peerValue === undefined) return "–";
  if (row.peerValue === 0) return row.ours === 0 ? "1.00×" : "–";
  const ratio = row.ours / row.peerValue;
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** "≤ 250 ms ✓" / "≥ 0.5 ✗"; "" without a target. */
export function formatTarget(row: Row): string {
  if (row.target === undefined) return "";
  const sign = row.better === "lower" ? "≤" : "≥";
  const met = row.ours !== null &&
    (row.better === "lower" ? row.ours <= row.target : row.ours >= row.target);
  return `${sign} ${formatValue(row.target, row.unit)} ${met ? "✓" : "✗"}`;
}

/** The Markdown table of all suites. */
export function markdownTable(suites: SuiteRows[]): string {
  const lines = [
    "| suite | figure | LoreChat | alternative | its value | ratio | target |",
    "|---|---|--:|---|--:|--:|---|",
  ];
  const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
  for (const { suite, rows, error, skipped } of suites) {
    if (error) lines.push(`| ${suite} | **failed**: ${cell(error)} | | | | | |`);
    if (skipped) lines.push(`| ${suite} | skipped: ${cell(skipped)} | | | | | |`);
    for (const row of rows) {
      const better = row.better === "lower" ? "↓" : "↑";
      lines.push(
        `| ${suite} | ${row.figure} ${better} | ${formatValue(row.ours, row.unit)} | ` +
          `${row.peer ?? ""} | ${row.peer ? formatValue(row.peerValue, row.unit) : ""} | ` +
          `${row.peer ? formatRatio(row) : ""} | ${formatTarget(row)} |`,
      );
    }
  }
  return lines.join("\n");
}
