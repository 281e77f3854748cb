/**
 * `deno task lambda:build`: bundles `lambda/process.ts` and `lambda/vectorize.ts` with
 * esbuild into self-contained Node ESM files, `dist/lambda/process.mjs` and
 * `dist/lambda/vectorize.mjs` (platform node, target node20, minified, with source maps).
 * `@aws-sdk/*` and `@smithy/*` stay external: the Lambda Node.js runtime ships them.
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

/** Builds both bundles; returns their sizes. `root` is the project directory. */
export async function buildLambdas(
  options: {
    root?: string;
    outDir?: string;
    minify?: boolean;
    entries?: Record<string, string>;
  } = {},
): Promise<BundleSizes> {
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
      target: "node20",
      format: "esm",
      minify: options.minify ?? true,
      sourcemap: true,
      legalComments: "none",
      external: ["@aws-sdk/*", "@smithy/*"],
      banner: { js: BANNER },
      plugins: [lazySqlite],
      metafile: true,
      logLevel: "warning",
    });
    const sizes: BundleSizes = {};
    for (const [path, output] of Object.entries(result.metafile.outputs)) {
      if (path.endsWith(".mjs")) sizes[path] = output.bytes;
    }
    return sizes;
  } finally {
    await esbuild.stop();
  }
}

if (import.meta.main) {
  const started = performance.now();
  const sizes = await buildLambdas();
  for (const [path, bytes] of Object.entries(sizes)) {
    console.log(`${path}  ${(bytes / 1024).toFixed(1)} KiB`);
  }
  console.log(
    `built ${Object.keys(sizes).length} bundle(s) in ${Math.round(performance.now() - started)} ms`,
  );
}
