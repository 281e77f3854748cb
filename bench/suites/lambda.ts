/**
 * `lambda`: each Lambda bundle, built by the `lambda:build` code into a scratch folder
 * inside the project (so Node resolves the external `@aws-sdk/*` packages from
 * node_modules, as the Lambda runtime provides them): its size, raw and gzipped, and its
 * cold `import()` time under `node` — the median of 5 fresh processes — next to the
 * cold import of `@aws-sdk/client-s3` alone, the part the runtime ships and every bundle
 * loads anyway.
 *
 * @module
 */
import { buildLambdas } from "../../scripts/lambda_build.ts";
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

/** Cold import of `specifier` in a fresh node process: import ms and process wall ms. */
async function coldImport(
  specifier: string,
  cwd: string,
): Promise<{ importMs: number; processMs: number }> {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); ` +
    `process.stdout.write(String(performance.now() - t));`;
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
  return { importMs: Number(new TextDecoder().decode(out.stdout)), processMs };
}

/**
 * Medians over {@linkcode RUNS} fresh processes per specifier, taken in turns (A, B, C,
 * A, B, C…) so a burst of other work on the machine lands on all of them; one discarded
 * round first warms the disk cache.
 */
async function medianColdImports(specifiers: string[], cwd: string) {
  const runs = specifiers.map(() => [] as { importMs: number; processMs: number }[]);
  for (let round = -1; round < RUNS; round++) {
    for (const [i, specifier] of specifiers.entries()) {
      const r = await coldImport(specifier, cwd);
      if (round >= 0) runs[i].push(r);
    }
  }
  return runs.map((r) => ({
    importMs: median(r.map((x) => x.importMs)),
    processMs: median(r.map((x) => x.processMs)),
    runs: r,
  }));
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  if (!(await nodeVersion())) return { rows: [], details: {}, skipped: "node is not installed" };
  const outDir = `${ctx.root}/dist/.bench-lambda-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const sizes = await buildLambdas({ root: ctx.root, outDir });
    const names = Object.keys(sizes).sort().map((p) => p.slice(p.lastIndexOf("/") + 1));
    const [sdk, ...cold] = await medianColdImports(
      ["@aws-sdk/client-s3", ...names.map((name) => `file://${outDir}/${name}`)],
      outDir,
    );
    const rows: Row[] = [];
    const details: Record<string, unknown> = { sdkOnly: sdk };
    for (const [i, name] of names.entries()) {
      const bytes = await Deno.readFile(`${outDir}/${name}`);
      const gzip = await gzipSize(bytes);
      details[name] = { bytes: bytes.byteLength, gzipBytes: gzip, ...cold[i] };
      rows.push(
        {
          figure: `${name} size`,
          unit: "KB",
          ours: bytes.byteLength / 1024,
          better: "lower",
          target: 1024,
        },
        { figure: `${name} size, gzip`, unit: "KB", ours: gzip / 1024, better: "lower" },
        {
          figure: `${name} cold import (median of ${RUNS})`,
          unit: "ms",
          ours: cold[i].importMs,
          peer: "@aws-sdk/client-s3 alone",
          peerValue: sdk.importMs,
          better: "lower",
          target: 500,
        },
        {
          figure: `${name} node process, start to exit`,
          unit: "ms",
          ours: cold[i].processMs,
          peer: "@aws-sdk/client-s3 alone",
          peerValue: sdk.processMs,
          better: "lower",
        },
      );
    }
    return {
      rows,
      details,
      notes: [
        `node ${(await nodeVersion()) ?? "?"}; ${RUNS} fresh processes each, medians; the ` +
        "bundles keep @aws-sdk/* external, so their import includes the SDK's.",
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
