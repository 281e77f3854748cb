import assert from "node:assert/strict";
import fc from "fast-check";
import { CitationFilter } from "./citations.ts";

/** The filter as it was first written: every delta read a character at a time. */
function characterFilter(valid: ReadonlySet<number>) {
  let pending = "";
  const cited = new Set<number>();
  return {
    cited,
    push(delta: string): string {
      let out = "";
      for (const ch of delta) {
        const next = pending + ch;
        if (/^\s?(\[\d{0,3})?$/.test(next)) pending = next;
        else if (ch === "]" && /^\s?\[\d{1,3}$/.test(pending)) {
          pending = "";
          const n = Number(/\[(\d{1,3})\]$/.exec(next)![1]);
          if (valid.has(n)) {
            cited.add(n);
            out += next;
          }
        } else {
          out += pending;
          pending = "";
          if (/^\s$/.test(ch) || ch === "[") pending = ch;
          else out += ch;
        }
      }
      return out;
    },
    flush(): string {
      const rest = pending;
      pending = "";
      return rest;
    },
  };
}

// Tokens as models split them, and the pieces of markers cut anywhere.
const PIECES = [
  " the",
  "Varrow",
  " ",
  "  ",
  "\n",
  "\t",
  "[",
  "]",
  "1",
  "12",
  "1234",
  "[2]",
  " [9]",
  " [3",
  "]",
  "[a]",
  "(x)",
  ".",
  "é",
  "灯火",
  "😀",
  " \n",
];

Deno.test("CitationFilter emits exactly what reading every delta a character at a time would", () => {
  const deltas = fc.array(
    fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join("")),
    {
      maxLength: 40,
    },
  );
  fc.assert(
    fc.property(deltas, (parts) => {
      const valid = new Set([1, 2, 3]);
      const filter = new CitationFilter(valid);
      const reference = characterFilter(valid);
      for (const d of parts) assert.equal(filter.push(d), reference.push(d), JSON.stringify(parts));
      assert.equal(filter.flush(), reference.flush());
      assert.deepEqual([...filter.cited].sort(), [...reference.cited].sort());
    }),
    { numRuns: 5_000 },
  );
});
