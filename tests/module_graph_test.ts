/**
 * Processes load what they need when they need it. `deno task ingest`'s static module
 * graph — what every run pays for in memory, a dump's included — holds no cloud SDK, no
 * HTML parser and no book reader: those come in through dynamic imports (S3, the
 * crawler, collections, the HTML cleaner, the configured embedder). A serving worker's
 * holds no HTML parser, crawler, dump reader, book reader, bundler or model SDK: a
 * collection job, a build or the configured providers load them.
 */
import assert from "node:assert/strict";

interface Dependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}
interface Module {
  specifier: string;
  dependencies?: Dependency[];
}

/** Specifiers reached from `root` through static imports only. */
async function staticGraph(root: string): Promise<Set<string>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", root],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    roots: string[];
    modules: Module[];
    redirects: Record<string, string>;
  };
  const modules = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const visit = [info.roots[0]];
  while (visit.length > 0) {
    const next = visit.pop()!;
    const specifier = info.redirects[next] ?? next;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of modules.get(specifier)?.dependencies ?? []) {
      if (dependency.code && !dependency.isDynamic) visit.push(dependency.code.specifier);
    }
  }
  return seen;
}

const HEAVY = [
  "@aws-sdk/",
  "openai",
  "linkedom",
  "@mozilla/readability",
  "turndown",
  "mammoth",
  "unpdf",
];

const heavyIn = (graph: Set<string>, names: string[]) =>
  [...graph].filter((s) => names.some((h) => s.includes(`npm:/${h}`)));

Deno.test("deno task ingest imports no SDK, HTML parser or book reader up front", async () => {
  const root = new URL("../scripts/ingest.ts", import.meta.url).href;
  const graph = await staticGraph(root);
  assert.ok(graph.size > 50, `${graph.size} modules`);
  // The dump path is there: the page pool, the wikitext converter, the store.
  for (const part of ["sources/page_pool.ts", "sources/wikitext.ts", "vectorstore/sqlite.ts"]) {
    assert.ok([...graph].some((s) => s.endsWith(part)), `${part} is loaded`);
  }
  assert.deepEqual(heavyIn(graph, HEAVY), []);
});

Deno.test("a serving worker imports no HTML parser, crawler, reader, bundler or SDK up front", async () => {
  const graph = await staticGraph(new URL("../main_worker.ts", import.meta.url).href);
  // The chat is there: the routes, the chat service, the store.
  for (const part of ["routes/api/chat.ts", "rag/mod.ts", "vectorstore/sqlite.ts"]) {
    assert.ok([...graph].some((s) => s.endsWith(part)), `${part} is loaded`);
  }
  const unneeded = [
    "linkedom",
    "@mozilla/readability",
    "turndown",
    "mammoth",
    "unpdf",
    "robots-parser",
    "saxes",
    "unbzip2-stream",
    "esbuild",
    "@aws-sdk/",
    "openai",
  ];
  assert.deepEqual(heavyIn(graph, unneeded), []);
});
