/**
 * Questions about order — "Which month comes after Saltmonth?", "What rank is before
 * Wick?", "Who reigned between Isaveth I and Corvane III?" — answered from the rows of a
 * table or the items of a list, whose order the question is about. Line matching cannot
 * do it: the line that answers shares no word with the question but sits next to the
 * one that does.
 *
 * @module
 */
import type { Candidate } from "./extractive_score.ts";

/** What an order question asks: the row after or before one name, or between two. */
export interface OrderQuestion {
  relation: "after" | "before" | "between";
  anchors: string[];
}

const AFTER = "[Aa]fter|[Ff]ollows?|[Ff]ollowing|[Ss]ucceed(?:s|ed)?";
const BEFORE = "[Bb]efore|[Pp]recedes?|[Pp]receding|[Pp]receded";
const NAME = String
  .raw`((?:\p{Lu}[\p{L}'’-]*|[IVXL]+)(?:\s+(?:of\s+|the\s+)?(?:\p{Lu}[\p{L}'’-]*|[IVXL]+))*)`;

/**
 * The order question in `question`, when it names what it is next to with a capital.
 *
 * @example
 * ```ts
 * import { orderQuestion } from "./extractive_sequence.ts";
 * const q = orderQuestion("Which month comes after Saltmonth?");
 * console.assert(q?.relation === "after" && q.anchors[0] === "Saltmonth");
 * ```
 */
export function orderQuestion(question: string): OrderQuestion | null {
  const between = question.match(
    new RegExp(String.raw`\b[Bb]etween\s+${NAME}\s+and\s+${NAME}`, "u"),
  );
  if (between) return { relation: "between", anchors: [between[1], between[2]] };
  const next = question.match(
    new RegExp(String.raw`\b(${AFTER}|${BEFORE})\s+(?:the\s+)?${NAME}`, "u"),
  );
  if (!next) return null;
  const relation = new RegExp(`^(${AFTER})$`).test(next[1]) ? "after" : "before";
  return { relation, anchors: [next[2]] };
}

/**
 * The table rows that answer an order question, in table order: the row after or
 * before the one naming the anchor, or the rows between two anchors (at most three).
 * Rows are consecutive facts of one passage.
 */
export function orderedRows(order: OrderQuestion, candidates: Candidate[]): Candidate[] {
  const rows = candidates.filter((c) => c.fact && !c.list);
  const at = (c: Candidate, step: number) =>
    rows.find((r) => r.n === c.n && r.order === c.order + step);
  // "Queen Isaveth II of Orrun Reach" is found as "Queen Isaveth II" when need be.
  const holding = (i: number) => {
    const anchor = order.anchors[i];
    for (const name of [anchor, anchor.split(/\s+of\s+/)[0]]) {
      const pattern = new RegExp(
        String.raw`(^|[^\p{L}\p{N}])${escape(name)}($|[^\p{L}\p{N}])`,
        "u",
      );
      const found = rows.filter((r) => pattern.test(r.text));
      if (found.length > 0) return found;
    }
    return [];
  };
  if (order.relation !== "between") {
    const step = order.relation === "after" ? 1 : -1;
    return holding(0).map((r) => at(r, step)).filter((r): r is Candidate => r !== undefined)
      .slice(0, 1);
  }
  for (const first of holding(0)) {
    for (const second of holding(1)) {
      if (first.n !== second.n) continue;
      const [lo, hi] = first.order < second.order ? [first, second] : [second, first];
      const gap = hi.order - lo.order - 1;
      if (gap < 1 || gap > 3) continue;
      const inside = Array.from({ length: gap }, (_, i) => at(lo, i + 1));
      if (inside.every((r) => r !== undefined)) return inside as Candidate[];
    }
  }
  return [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, String.raw`\s+`);
}
