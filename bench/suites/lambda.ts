/**
 * `lambda`: each Lambda handler, built by the `lambda:build` code into a scratch folder
 * inside the project (so Node resolves the external `@aws-sdk/*` packages from
 * node_modules, as the Lambda runtime provides them): the handler file's size, what a
 * cold start loads (the handler and the chunks it imports statically), raw and gzipped,
 * and its cold `import()` time under `node` — the median of 5 fresh processes — next to
 * the cold import of `@aws-sdk/client-s3` alone, the part the runtime ships and every
 * handler loads anyway. A second figure adds the chunks the first record loads under the
 * template's configuration (process: the readers; vectorize: the indexer, Upstash and Bedrock).
 *
 * @module
 */
import { buildLambdaBundles, type LambdaBuild, staticClosure } from "../../scripts/lambda_build.ts";
import type { BenchContext, Row, Suite, SuiteOutcome } from "../types.ts";

const RUNS = 5;

/** Gzipped size of `bytes` (default level), as a CDN or zip would roughly see it. */
export async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Cold import of `specifier` in a fresh node process: import ms and process wall ms.
 * Several specifiers (joined by spaces) are imported one after another, as a handler
 * then its first record's chunks would be.
 */
async function coldImport(
  specifier: string,
  cwd: string,
): Promise<{ importMs: number; processMs: number; cpuMs: number }> {
  const imports = specifier.split(" ").map((s) => `await import(${JSON.stringify(s)});`);
  const code = `const t = performance.now(); const c = process.cpuUsage(); ${imports.join(" ")} ` +
    `const u = process.cpuUsage(c); ` +
    `process.stdout.write((performance.now() - t) + " " + (u.user + u.system) / 1000);`;
  const t0 = performance.now();
  const out = await new Deno.Command("node", {
    args: ["--input-type=module", "-e", code],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const processMs = performance.now() - t0;
  if (!out.success) {
    throw new Error(
      `node could not import ${specifier}: ${new TextDecoder().decode(out.stderr).slice(-400)}`,
    );
  }
  const [importMs, cpuMs] = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  return { importMs, processMs, cpuMs };
}

/**
 * Medians over {@linkcode RUNS} fresh processes per specifier, taken in turns (A, B, C,
 * A, B, C…) so a burst of other work on the machine lands on all of them; one discarded
 * round first warms the disk cache.
 */
async function medianColdImports(specifiers: string[], cwd: string) {
  const runs = specifiers.map(() => [] as { importMs: number; processMs: number; cpuMs: number }[]);
  for (let round = -1; round < RUNS; round++) {
    for (const [i, specifier] of specifiers.entries()) {
      const r = await coldImport(specifier, cwd);
      if (round >= 0) runs[i].push(r);
    }
  }
  return runs.map((r) => ({
    importMs: median(r.map((x) => x.importMs)),
    processMs: median(r.map((x) => x.processMs)),
    cpuMs: median(r.map((x) => x.cpuMs)),
    runs: r,
  }));
}

/** Lazily loaded chunks the template's configuration uses on the first record. */
const FIRST_RECORD_CHUNKS: Record<string, RegExp> = {
  "process.mjs": /\/sources-[A-Z0-9]+\.mjs$/,
  "vectorize.mjs": /\/(upstash|bedrock|ingest)-[A-Z0-9]+\.mjs$/,
};

async function sizeOf(paths: string[], root: string) {
  let bytes = 0;
  let gzip = 0;
  for (const path of paths) {
    const data = await Deno.readFile(`${root}/${path}`);
    bytes += data.byteLength;
    gzip += await gzipSize(data);
  }
  return { bytes, gzip };
}

/** Rows and details for one handler. */
async function handlerFigures(
  ctx: BenchContext,
  build: LambdaBuild,
  name: string,
  cold: { importMs: number; processMs: number; cpuMs: number },
  first: { importMs: number },
  sdk: { importMs: number; processMs: number; cpuMs: number },
) {
  const entry = Object.keys(build.sizes).find((p) => p.endsWith(`/${name}`))!;
  const closure = staticClosure(build, entry);
  const lazy = Object.keys(build.sizes).filter((p) => FIRST_RECORD_CHUNKS[name]?.test(p));
  const handler = await sizeOf([entry], ctx.root);
  const atStart = await sizeOf(closure, ctx.root);
  const firstRecord = await sizeOf(
    [...closure, ...lazy.flatMap((p) => staticClosure(build, p))]
      .filter((p, i, all) => all.indexOf(p) === i),
    ctx.root,
  );
  const rows: Row[] = [
    {
      figure: `${name} size`,
      unit: "KB",
      ours: handler.bytes / 1024,
      better: "lower",
      target: 500,
    },
    {
      figure: `${name} + chunks loaded at cold start`,
      unit: "KB",
      ours: atStart.bytes / 1024,
      better: "lower",
    },
    { figure: `… the same, gzip`, unit: "KB", ours: atStart.gzip / 1024, better: "lower" },
    {
      figure: `${name} cold import (median of ${RUNS})`,
      unit: "ms",
      ours: cold.importMs,
      peer: "@aws-sdk/client-s3 alone",
      peerValue: sdk.importMs,
      better: "lower",
    },
    {
      figure: `${name} cold import ÷ @aws-sdk/client-s3 alone`,
      unit: "×",
      ours: cold.importMs / sdk.importMs,
      better: "lower",
      target: 1.2,
    },
    {
      figure: `${name} cold import, CPU time (steadier under load)`,
      unit: "ms",
      ours: cold.cpuMs,
      peer: "@aws-sdk/client-s3 alone",
      peerValue: sdk.cpuMs,
      better: "lower",
    },
    {
      figure: `${name} + first record's chunks, cold import`,
      unit: "ms",
      ours: first.importMs,
      peer: "@aws-sdk/client-s3 alone",
      peerValue: sdk.importMs,
      better: "lower",
    },
    {
      figure: `${name} node process, start to exit`,
      unit: "ms",
      ours: cold.processMs,
      peer: "@aws-sdk/client-s3 alone",
      peerValue: sdk.processMs,
      better: "lower",
    },
  ];
  const details = {
    handlerBytes: handler.bytes,
    coldStartBytes: atStart.bytes,
    coldStartGzipBytes: atStart.gzip,
    firstRecordBytes: firstRecord.bytes,
    coldStartFiles: closure,
    firstRecordChunks: lazy,
    cold,
    firstRecord: first,
  };
  return { rows, details };
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  if (!(await nodeVersion())) return { rows: [], details: {}, skipped: "node is not installed" };
  const outDir = `${ctx.root}/dist/.bench-lambda-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const build = await buildLambdaBundles({ root: ctx.root, outDir });
    const rel = outDir.slice(ctx.root.length + 1);
    const names = Object.keys(build.sizes).filter((p) => !p.includes(`/chunks/`))
      .map((p) => p.slice(p.lastIndexOf("/") + 1)).sort();
    const url = (path: string) => `file://${ctx.root}/${path}`;
    const firstRecord = (name: string) =>
      [
        `file://${outDir}/${name}`,
        ...Object.keys(build.sizes).filter((p) => FIRST_RECORD_CHUNKS[name]?.test(p)).map(url),
      ].join(" ");
    const [sdk, ...measured] = await medianColdImports(
      [
        "@aws-sdk/client-s3",
        ...names.map((name) => `file://${outDir}/${name}`),
        ...names.map(firstRecord),
      ],
      outDir,
    );
    const rows: Row[] = [];
    const details: Record<string, unknown> = { sdkOnly: sdk, outDir: rel };
    for (const [i, name] of names.entries()) {
      const figures = await handlerFigures(
        ctx,
        build,
        name,
        measured[i],
        measured[names.length + i],
        sdk,
      );
      rows.push(...figures.rows);
      details[name] = figures.details;
    }
    return {
      rows,
      details,
      notes: [
        `node ${(await nodeVersion()) ?? "?"}; ${RUNS} fresh processes each, medians; the ` +
        "handlers keep @aws-sdk/* external, so their import includes the SDK's. Lazily " +
        "loaded parts (readers, each store, each embedder, the secrets provider) are " +
        "separate chunks; 'first record' adds those the template's configuration loads.",
      ],
    };
  } finally {
    await Deno.remove(outDir, { recursive: true }).catch(() => {});
  }
}

async function nodeVersion(): Promise<string | null> {
  try {
    const out = await new Deno.Command("node", { args: ["--version"], stdout: "piped" }).output();
    return new TextDecoder().decode(out.stdout).trim();
  } catch {
    return null;
  }
}

/** The suite. */
export const lambdaSuite: Suite = {
  name: "lambda",
  description: "Lambda bundle sizes and cold import() time under node (median of 5)",
  run,
};
