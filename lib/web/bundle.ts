/**
 * Island bundling with esbuild: one ESM entry per island plus the hydration runtime,
 * code-split so Preact and signals land in one shared chunk, minified, with
 * content-hashed names that can be cached forever.
 *
 * @module
 */
import type * as esbuild from "esbuild";
import { islandName } from "./manifest.ts";

/** What a build produced, as served under `publicPath`. */
export interface IslandAssets {
  /** URL of the hydration runtime. */
  boot: string;
  /** Island name → URL of its entry module. */
  modules: Record<string, string>;
  /** Island name → URLs of every chunk it imports (for `<link rel=modulepreload>`). */
  preload: Record<string, string[]>;
  /** Output file (relative to the out dir) → size in bytes. */
  files: Record<string, number>;
}

/** Options for {@linkcode buildIslands}. */
export interface BuildIslandsOptions {
  /** Project root (absolute). */
  root: string;
  /** Island module paths relative to the root, e.g. `islands/Chat.tsx`. */
  islands: string[];
  /** Output directory (absolute); emptied first. */
  outDir: string;
  /** URL prefix the out dir is served under. */
  publicPath?: string;
  /** Development builds skip minification for readable stack traces. */
  dev?: boolean;
}

/** Bundles the islands and writes `manifest.json` beside the output. */
export async function buildIslands(options: BuildIslandsOptions): Promise<IslandAssets> {
  const { root, outDir, publicPath = "/_islands" } = options;
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(outDir, { recursive: true });
  const entryPoints: Record<string, string> = {
    boot: `${root}/lib/web/client/boot.ts`,
  };
  for (const path of options.islands) entryPoints[islandName(path)] = `${root}/${path}`;
  // Loaded here, by the build: a server reading built assets never needs it.
  const esbuild = await import("esbuild");
  try {
    const result = await esbuild.build({
      entryPoints,
      absWorkingDir: root,
      outdir: outDir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: ["es2022", "chrome110", "firefox115", "safari16"],
      minify: !options.dev,
      sourcemap: options.dev ? "inline" : false,
      jsx: "automatic",
      jsxImportSource: "preact",
      entryNames: "[name]-[hash]",
      chunkNames: "chunk-[hash]",
      metafile: true,
      write: true,
      legalComments: "none",
      define: { "process.env.NODE_ENV": options.dev ? '"development"' : '"production"' },
      logLevel: "silent",
    });
    return await writeAssetManifest(result.metafile, outDir, publicPath);
  } finally {
    await esbuild.stop();
  }
}

async function writeAssetManifest(
  metafile: esbuild.Metafile,
  outDir: string,
  publicPath: string,
): Promise<IslandAssets> {
  const assets: IslandAssets = { boot: "", modules: {}, preload: {}, files: {} };
  const outBase = outDir.replace(/\\/g, "/");
  const urlOf = (file: string) => {
    const name = file.replace(/\\/g, "/").split("/").pop()!;
    return `${publicPath}/${name}`;
  };
  const byFile = new Map(Object.entries(metafile.outputs));
  const chunksOf = (file: string, seen = new Set<string>()): string[] => {
    for (const imp of byFile.get(file)?.imports ?? []) {
      if (imp.kind === "import-statement" && !seen.has(imp.path)) {
        seen.add(imp.path);
        chunksOf(imp.path, seen);
      }
    }
    return [...seen];
  };
  for (const [file, output] of byFile) {
    const name = file.replace(/\\/g, "/").split("/").pop()!;
    assets.files[name] = output.bytes;
    if (!output.entryPoint) continue;
    const entryName = name.replace(/-[A-Z0-9]+\.js$/, "");
    if (entryName === "boot") {
      assets.boot = urlOf(file);
    } else {
      assets.modules[entryName] = urlOf(file);
      assets.preload[entryName] = chunksOf(file).map(urlOf);
    }
  }
  await Deno.writeTextFile(`${outBase}/manifest.json`, JSON.stringify(assets, null, 2) + "\n");
  return assets;
}

/** Reads the asset manifest a previous build wrote, or null when there is none. */
export async function readIslandAssets(outDir: string): Promise<IslandAssets | null> {
  try {
    return JSON.parse(await Deno.readTextFile(`${outDir}/manifest.json`)) as IslandAssets;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
