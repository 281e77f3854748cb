/**
 * `web`: the JavaScript each page ships. The app runs on loopback with its islands built
 * as in production (minified esbuild bundles, via the test server's `prepareStatic`);
 * for `/`, `/about` and a 404 page, the HTML is fetched and every `<script src>` and
 * `<link rel="modulepreload">` followed; each distinct file counts once per page, raw
 * and gzipped.
 *
 * @module
 */
import { prepareStatic, startTestServer } from "../../tests/support/server.ts";
import type { BenchContext, Row, Suite, SuiteOutcome } from "../types.ts";
import { gzipSize } from "./lambda.ts";

const PAGES = [
  { name: "/", path: "/", targetGzipKb: 60 },
  { name: "/about", path: "/about", targetGzipKb: 0 },
  { name: "404", path: "/no-such-page", targetGzipKb: 0 },
];

/** The script URLs a page loads: `<script src>` and `<link rel="modulepreload" href>`. */
export function scriptUrls(html: string, base: URL): URL[] {
  const urls = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) =>
      new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
    const value = (m: RegExpExecArray | null) => m?.[2] ?? m?.[3] ?? m?.[4];
    if (/^<script/i.test(tag)) {
      const src = value(attr("src"));
      if (src) urls.add(new URL(src, base).href);
    } else if (/^modulepreload$/i.test(value(attr("rel")) ?? "")) {
      const href = value(attr("href"));
      if (href) urls.add(new URL(href, base).href);
    }
  }
  return [...urls].map((u) => new URL(u));
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  ctx.log("web: building islands and starting the app");
  const { staticDir } = await prepareStatic();
  const server = await startTestServer({ env: { ENV: "production", LOG_LEVEL: "error" } });
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  try {
    for (const page of PAGES) {
      const url = new URL(page.path, server.url);
      const response = await fetch(url);
      const html = await response.text();
      const files: { url: string; bytes: number; gzipBytes: number }[] = [];
      for (const script of scriptUrls(html, url)) {
        const r = await fetch(script);
        const body = new Uint8Array(await r.arrayBuffer());
        if (!r.ok) throw new Error(`${script.pathname} answered ${r.status}`);
        files.push({
          url: script.pathname,
          bytes: body.byteLength,
          gzipBytes: await gzipSize(body),
        });
      }
      const htmlBytes = new TextEncoder().encode(html);
      const raw = files.reduce((s, f) => s + f.bytes, 0);
      const gzip = files.reduce((s, f) => s + f.gzipBytes, 0);
      details[page.name] = {
        status: response.status,
        htmlBytes: htmlBytes.byteLength,
        htmlGzipBytes: await gzipSize(htmlBytes),
        files,
      };
      rows.push(
        { figure: `${page.name} JavaScript`, unit: "KB", ours: raw / 1024, better: "lower" },
        {
          figure: `${page.name} JavaScript, gzip`,
          unit: "KB",
          ours: gzip / 1024,
          better: "lower",
          target: page.targetGzipKb,
        },
        { figure: `${page.name} scripts`, unit: "", ours: files.length, better: "lower" },
      );
    }
  } finally {
    await server.close();
    await Deno.remove(staticDir, { recursive: true }).catch(() => {});
  }
  return {
    rows,
    details,
    notes: [
      "Only islands ship JavaScript; pages without islands should ship none. Scripts are " +
      "counted as the HTML references them (module imports inside them are not followed).",
    ],
  };
}

/** The suite. */
export const webSuite: Suite = {
  name: "web",
  description: "JavaScript bytes (raw and gzip) shipped by /, /about and the 404 page",
  run,
};
