/**
 * `deno task lambda:build`: bundles `lambda/process.ts` and `lambda/vectorize.ts` with
 * esbuild into Node ESM, `dist/lambda/process.mjs` and `dist/lambda/vectorize.mjs`
 * (platform node, target node22 — the `nodejs22.x` runtime —, minified, with source
 * maps). `@aws-sdk/*` and `@smithy/*` stay external: the Lambda Node.js runtime ships them.
 *
 * Code splitting is on: every dynamic `import()` (a reader, a store, an embedder, the
 * secrets provider) becomes a chunk under `dist/lambda/chunks/`, shipped beside the
 * handlers and loaded only when the configuration or the input needs it. Code both
 * handlers use is shared in chunks too.
 *
 * `node:sqlite` (Node 22.5+) is replaced by a shim that loads the real module on first
 * use, so the bundles import on older Node; only opening a sqlite store needs it.
 *
 * @module
 */
import * as esbuild from "esbuild";

/** The Lambda entry points and their output names. */
export const LAMBDA_ENTRIES = { process: "lambda/process.ts", vectorize: "lambda/vectorize.ts" };

/** Where the bundles go, relative to the project root. */
export const LAMBDA_OUT_DIR = "dist/lambda";

/** Where the lazily loaded chunks go, inside the output folder. */
export const LAMBDA_CHUNK_DIR = "chunks";

/** Size of each bundle, in bytes, keyed by output path. */
export type BundleSizes = Record<string, number>;

// CommonJS dependencies bundled into ESM still call `require` for Node built-ins.
const BANNER = 'import { createRequire as __lorechatRequire } from "node:module";' +
  "const require = __lorechatRequire(import.meta.url);";

const SQLITE_SHIM = `
const load = () => require("node:sqlite");
const lazyClass = (name) => new Proxy(function () {}, {
  construct: (_target, args) => Reflect.construct(load()[name], args),
  get: (_target, prop) => load()[name][prop],
});
export const DatabaseSync = lazyClass("DatabaseSync");
export const StatementSync = lazyClass("StatementSync");
export const constants = new Proxy({}, { get: (_target, prop) => load().constants[prop] });
export const backup = (...args) => load().backup(...args);
export default new Proxy({}, { get: (_target, prop) => load()[prop] });
`;

const lazySqlite: esbuild.Plugin = {
  name: "lazy-node-sqlite",
  setup(build) {
    build.onResolve(
      { filter: /^node:sqlite$/ },
      () => ({ path: "node:sqlite", namespace: "lazy" }),
    );
    build.onLoad(
      { filter: /.*/, namespace: "lazy" },
      () => ({ contents: SQLITE_SHIM, loader: "js" }),
    );
  },
};

/** What a build produced: every output's size and the outputs each one imports. */
export interface LambdaBuild {
  /** Bytes per output file (handlers and chunks), keyed by path. */
  sizes: BundleSizes;
  /** Outputs each output loads at once (static `import`), keyed by path. */
  staticImports: Record<string, string[]>;
  /** Outputs each output may load later (dynamic `import()`), keyed by path. */
  dynamicImports: Record<string, string[]>;
}

/** Builds both handlers and their chunks; returns sizes and the import graph. */
export async function buildLambdaBundles(
  options: {
    root?: string;
    outDir?: string;
    minify?: boolean;
    entries?: Record<string, string>;
  } = {},
): Promise<LambdaBuild> {
  const root = options.root ?? new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const outDir = options.outDir ?? `${root}/${LAMBDA_OUT_DIR}`;
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: Object.entries(options.entries ?? LAMBDA_ENTRIES).map(([out, input]) => ({
        in: input,
        out,
      })),
      outdir: outDir,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      platform: "node",
      target: "node22",
      format: "esm",
      splitting: true,
      chunkNames: `${LAMBDA_CHUNK_DIR}/[name]-[hash]`,
      minify: options.minify ?? true,
      sourcemap: true,
      legalComments: "none",
      external: ["@aws-sdk/*", "@smithy/*"],
      banner: { js: BANNER },
      plugins: [lazySqlite],
      metafile: true,
      logLevel: "warning",
    });
    const build: LambdaBuild = { sizes: {}, staticImports: {}, dynamicImports: {} };
    for (const [path, output] of Object.entries(result.metafile.outputs)) {
      if (!path.endsWith(".mjs")) continue;
      build.sizes[path] = output.bytes;
      const local = output.imports.filter((i) => !i.external);
      build.staticImports[path] = local.filter((i) => i.kind === "import-statement")
        .map((i) => i.path);
      build.dynamicImports[path] = local.filter((i) => i.kind === "dynamic-import")
        .map((i) => i.path);
    }
    return build;
  } finally {
    await esbuild.stop();
  }
}

/** Builds both handlers (and their chunks); returns every output's size. */
export async function buildLambdas(
  options: Parameters<typeof buildLambdaBundles>[0] = {},
): Promise<BundleSizes> {
  return (await buildLambdaBundles(options)).sizes;
}

/** `path` and every output it loads at once, transitively (what a cold import reads). */
export function staticClosure(build: LambdaBuild, path: string): string[] {
  const seen = new Set<string>();
  const visit = (p: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const next of build.staticImports[p] ?? []) visit(next);
  };
  visit(path);
  return [...seen];
}

if (import.meta.main) {
  const started = performance.now();
  const build = await buildLambdaBundles();
  const sizes = build.sizes;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  for (const [path, bytes] of Object.entries(sizes)) console.log(`${path}  ${kib(bytes)}`);
  for (const name of Object.keys(LAMBDA_ENTRIES)) {
    const entry = Object.keys(sizes).find((p) => p.endsWith(`/${name}.mjs`))!;
    const cold = staticClosure(build, entry).reduce((n, p) => n + sizes[p], 0);
    console.log(`${name}: ${kib(sizes[entry])} handler, ${kib(cold)} loaded at cold start`);
  }
  console.log(
    `built ${Object.keys(sizes).length} bundle(s) in ${Math.round(performance.now() - started)} ms`,
  );
}
