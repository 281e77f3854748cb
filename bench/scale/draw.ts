/**
 * Redraws `bench/scale_latency.svg` from the `scale` details of one or more results
 * files (runs of different sizes on a busy machine are often separate):
 *
 * ```sh
 * deno run -A bench/scale/draw.ts bench/results/2026-12-01.json /tmp/other.json
 * ```
 *
 * @module
 */
import { chart } from "../suites/scale.ts";

const details: Record<string, Record<string, unknown>> = {};
for (const file of Deno.args) {
  const results = JSON.parse(await Deno.readTextFile(file));
  const scale = results.suites?.scale?.details ?? {};
  for (const [size, figures] of Object.entries(scale)) {
    details[size] = { ...details[size], ...(figures as Record<string, unknown>) };
  }
}
const sizes = Object.keys(details)
  .filter((k) => /^\d+(k|M)$/.test(k))
  .map((k) => Number(k.slice(0, -1)) * (k.endsWith("M") ? 1e6 : 1e3))
  .sort((a, b) => a - b);
const out = new URL("../scale_latency.svg", import.meta.url).pathname;
await Deno.writeTextFile(out, chart(sizes, details));
console.log(`wrote ${out} (${sizes.join(", ")} chunks)`);
