import assert from "node:assert/strict";
import { compileFilter, FilterSyntaxError } from "./upstash_filter.ts";

const meta = { documentId: "emberfall", position: 3, draft: false, geo: { city: "Ash" } };

Deno.test("fake Upstash filters evaluate the SQL-like subset", () => {
  const cases: [string, boolean][] = [
    ["", true],
    ["documentId = 'emberfall'", true],
    ['documentId = "emberfall"', true],
    ["documentId != 'emberfall'", false],
    ["documentId IN ('tidewatch', 'emberfall')", true],
    ["documentId in ('tidewatch')", false],
    ["documentId NOT IN ('tidewatch')", true],
    ["position >= 3 AND position < 4", true],
    ["position > 3 OR documentId = 'emberfall'", true],
    ["(position > 3 OR draft = true) AND documentId = 'emberfall'", false],
    ["draft = false", true],
    ["geo.city = 'Ash'", true],
    ["missing = 'x'", false],
    ['documentId = "bob\'s notes"', false],
  ];
  for (const [filter, expected] of cases) {
    assert.equal(compileFilter(filter)(meta), expected, filter);
  }
  assert.equal(compileFilter('documentId = "bob\'s notes"')({ documentId: "bob's notes" }), true);
});

Deno.test("fake Upstash filters reject what they do not understand", () => {
  for (const bad of ["documentId =", "documentId ~ 'x'", "(position = 1", "a = 1 b = 2", "NOT x"]) {
    assert.throws(() => compileFilter(bad), FilterSyntaxError, bad);
  }
});
