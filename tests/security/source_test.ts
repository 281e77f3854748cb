import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const SOURCES = ["lib", "routes", "islands", "components", "lambda", "main.ts"];

/** Code that turns strings into code: what the CSP forbids and no server should need. */
const DYNAMIC_CODE = [
  /\beval\s*\(/,
  /\bnew\s+Function\s*\(/,
  /\bFunction\s*\(\s*["'`]/,
  /\bset(?:Timeout|Interval)\s*\(\s*["'`]/,
];

async function* sourceFiles(path: string): AsyncGenerator<string> {
  const info = await Deno.stat(path);
  if (info.isFile) {
    if (/\.(ts|tsx|js|mjs)$/.test(path)) yield path;
    return;
  }
  for await (const entry of Deno.readDir(path)) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    yield* sourceFiles(`${path}/${entry.name}`);
  }
}

Deno.test("no source file evaluates strings as code (eval, new Function, string timers)", async () => {
  const found: string[] = [];
  let files = 0;
  for (const top of SOURCES) {
    for await (const file of sourceFiles(`${ROOT}${top}`)) {
      files++;
      const lines = (await Deno.readTextFile(file)).split("\n");
      lines.forEach((line, i) => {
        if (DYNAMIC_CODE.some((r) => r.test(line))) {
          found.push(`${file.slice(ROOT.length)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
  }
  assert.ok(files > 50, `scanned ${files} files`);
  assert.deepEqual(found, []);
});

Deno.test("the scan itself recognises each form of dynamic code", () => {
  const samples = [
    "const x = eval(code);",
    "const f = new Function('a', 'return a');",
    "const g = Function(`return 1`);",
    'setTimeout("alert(1)", 10);',
  ];
  for (const s of samples) assert.ok(DYNAMIC_CODE.some((r) => r.test(s)), s);
  assert.ok(!DYNAMIC_CODE.some((r) => r.test("const evaluate = (x) => x; medieval(1);")));
});
