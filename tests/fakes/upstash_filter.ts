/**
 * The subset of Upstash Vector's SQL-like metadata filter language the fake server
 * understands: comparisons (`=`, `!=`, `<`, `<=`, `>`, `>=`), `IN` / `NOT IN` lists,
 * `AND`, `OR` and parentheses, on dotted metadata paths, with single- or double-quoted
 * strings, numbers and booleans. Anything else is a syntax error, as it would be for an
 * unsupported feature on the real service.
 *
 * @module
 */

type Value = string | number | boolean;
type Metadata = Record<string, unknown> | undefined;

/** A compiled filter: true when the metadata matches. */
export type FilterPredicate = (metadata: Metadata) => boolean;

/** Thrown for a filter the fake cannot parse; the server answers 400 with its message. */
export class FilterSyntaxError extends Error {}

const TOKEN =
  /\s*(?:(\()|(\))|(,)|(!=|<=|>=|=|<|>)|'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*))/y;

interface Token {
  kind: "(" | ")" | "," | "op" | "string" | "number" | "word";
  text: string;
}

function lex(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new FilterSyntaxError(`Invalid filter near position ${at}`);
    if (m[1]) tokens.push({ kind: "(", text: "(" });
    else if (m[2]) tokens.push({ kind: ")", text: ")" });
    else if (m[3]) tokens.push({ kind: ",", text: "," });
    else if (m[4]) tokens.push({ kind: "op", text: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: "string", text: m[5] });
    else if (m[6] !== undefined) tokens.push({ kind: "string", text: m[6] });
    else if (m[7]) tokens.push({ kind: "number", text: m[7] });
    else tokens.push({ kind: "word", text: m[8] });
  }
  return tokens;
}

/** Compiles a filter string; an empty filter matches everything. */
export function compileFilter(source: string): FilterPredicate {
  if (source.trim() === "") return () => true;
  const tokens = lex(source);
  let i = 0;
  const peekWord = (word: string) =>
    tokens[i]?.kind === "word" && tokens[i].text.toUpperCase() === word;
  const expect = (kind: Token["kind"]) => {
    if (tokens[i]?.kind !== kind) throw new FilterSyntaxError(`Expected ${kind} in filter`);
    return tokens[i++];
  };
  const value = (): Value => {
    const t = tokens[i++];
    if (t?.kind === "string") return t.text;
    if (t?.kind === "number") return Number(t.text);
    if (t?.kind === "word" && /^(true|false)$/i.test(t.text)) return /^true$/i.test(t.text);
    throw new FilterSyntaxError("Expected a value in filter");
  };
  const comparison = (): FilterPredicate => {
    const path = expect("word").text.split(".");
    const read = (m: Metadata) => path.reduce<unknown>((o, k) => (o as Metadata)?.[k], m);
    const negate = peekWord("NOT") ? (i++, true) : false;
    if (peekWord("IN")) {
      i++;
      expect("(");
      const values = [value()];
      while (tokens[i]?.kind === ",") i++, values.push(value());
      expect(")");
      return (m) => values.includes(read(m) as Value) !== negate;
    }
    if (negate) throw new FilterSyntaxError("Expected IN after NOT in filter");
    const op = expect("op").text;
    const v = value();
    return (m) => compare(read(m), op, v);
  };
  const atom = (): FilterPredicate => {
    if (tokens[i]?.kind !== "(") return comparison();
    i++;
    const inner = or();
    expect(")");
    return inner;
  };
  const and = (): FilterPredicate => {
    const parts = [atom()];
    while (peekWord("AND")) i++, parts.push(atom());
    return (m) => parts.every((p) => p(m));
  };
  const or = (): FilterPredicate => {
    const parts = [and()];
    while (peekWord("OR")) i++, parts.push(and());
    return (m) => parts.some((p) => p(m));
  };
  const predicate = or();
  if (i !== tokens.length) throw new FilterSyntaxError("Unexpected trailing input in filter");
  return predicate;
}

function compare(actual: unknown, op: string, expected: Value): boolean {
  if (actual === undefined || actual === null) return false;
  switch (op) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
  }
  if (typeof actual !== typeof expected) return false;
  const a = actual as number | string;
  const b = expected as number | string;
  return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
}
