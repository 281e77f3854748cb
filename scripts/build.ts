/**
 * `deno task build`: regenerate the route manifest (`fresh.gen.ts`) and bundle the
 * islands into `static/_islands/` with a `manifest.json` the server reads at start.
 */
import freshConfig from "../fresh.config.ts";
import { buildIslands, generateManifest } from "../lib/web/mod.ts";

/** Builds everything `deno task start` needs; returns the island asset table. */
export async function build(options: { dev?: boolean } = {}) {
  const { root, buildOutDir } = freshConfig;
  const changed = await generateManifest(root);
  const islands: string[] = [];
  for await (const entry of Deno.readDir(`${root}/${freshConfig.islandsDir}`)) {
    if (entry.isFile && /\.[jt]sx?$/.test(entry.name) && !/_test\./.test(entry.name)) {
      islands.push(`${freshConfig.islandsDir}/${entry.name}`);
    }
  }
  islands.sort();
  const assets = await buildIslands({
    root,
    islands,
    outDir: `${root}/${buildOutDir}`,
    dev: options.dev,
  });
  return { assets, manifestChanged: changed };
}

if (import.meta.main) {
  const started = performance.now();
  const { assets, manifestChanged } = await build();
  const total = Object.values(assets.files).reduce((a, b) => a + b, 0);
  console.log(
    `built ${Object.keys(assets.modules).length} island(s), ${
      Object.keys(assets.files).length
    } files, ${total} bytes in ${Math.round(performance.now() - started)} ms` +
      (manifestChanged ? "; fresh.gen.ts updated" : ""),
  );
}
