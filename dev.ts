/**
 * `deno task dev`: build (manifest + islands, unminified), then serve. The task runs
 * this under `--watch`, so an edit to a route, island or lib module rebuilds and restarts.
 */
import { build } from "./scripts/build.ts";

await build({ dev: true });
const { main } = await import("./main.ts");
await main();
