import assert from "node:assert/strict";
import { closeSync, openSync } from "node:fs";
import { numberTerms } from "./term_scan.ts";

Deno.test("terms are numbered by their place in a table read through small windows", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Short and long terms (one longer than every window), non-Latin ones, and terms
    // that are prefixes of others.
    const table = ["alpha", "al", "ærø", "κόσμος", "x".repeat(70), "本", "alphabet", "zeta"];
    for (let i = 0; i < 500; i++) table.push(`w${i}`);
    const file = `${dir}/table`;
    const padding = new Uint8Array(13);
    const bytes = new TextEncoder().encode(table.join("\0"));
    Deno.writeFileSync(file, new Uint8Array([...padding, ...bytes, ...padding]));
    const wanted = ["zeta", "alph", "w499", "κόσμος", "本", "x".repeat(70), "missing", "alpha"];
    wanted.push("w0", "x".repeat(69), "al", "");
    const expected = wanted.map((term) => table.indexOf(term));
    const fd = openSync(file, "r");
    try {
      for (const window of [16, 17, 64, 1 << 20]) {
        const got = numberTerms(fd, padding.length, bytes.length, wanted, window);
        assert.deepEqual([...got], expected, `window ${window}`);
      }
      assert.deepEqual([...numberTerms(fd, padding.length, bytes.length, [])], []);
      assert.deepEqual([...numberTerms(fd, padding.length, 0, ["alpha"])], [-1]);
    } finally {
      closeSync(fd);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
