/**
 * FTS5 MATCH expressions from analyzed query terms. Each term is a double-quoted string,
 * so FTS5 syntax in a question (`AND`, `NEAR(`, `*`, `:`, `-`, quotes) is read as plain
 * words; OR lets partial matches still rank.
 *
 * @module
 */

/**
 * An FTS5 MATCH expression matching any of `terms`.
 *
 * @example
 * ```ts
 * import { ftsAnyOf } from "./fts_query.ts";
 * console.assert(ftsAnyOf(["rule", "emberfal"]) === '"rule" OR "emberfal"');
 * ```
 */
export function ftsAnyOf(terms: readonly string[]): string {
  return terms.map(ftsString).join(" OR ");
}

/** An FTS5 MATCH expression matching rows that hold every one of the terms. */
export function ftsAllOf(terms: readonly string[]): string {
  return terms.map(ftsString).join(" AND ");
}

function ftsString(term: string): string {
  // Analyzed terms hold only letters and digits; quotes are doubled anyway.
  return `"${term.replaceAll('"', '""')}"`;
}
