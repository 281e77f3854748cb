/**
 * Prints the cleaned Markdown of one HTML file (`.html` or gzip-compressed `.html.gz`).
 *
 *   deno task clean FILE [--url URL] [--meta]
 *
 * `--meta` prints the metadata as a JSON line before the Markdown. Decompression is capped
 * (50 MiB) so a zip bomb fails with a clear error instead of exhausting memory.
 *
 * @module
 */

import { cleanHtml, decodeHtmlBytes } from "../lib/ingest/clean/mod.ts";
import { DecompressedTooLargeError, gunzipCapped, isGzip } from "../lib/ingest/clean/gzip.ts";

async function main(argv: string[]): Promise<number> {
  let file: string | undefined;
  let url: string | undefined;
  let meta = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--url") url = argv[++i];
    else if (argv[i] === "--meta") meta = true;
    else if (!file) file = argv[i];
    else {
      console.error(`unexpected argument: ${argv[i]}`);
      return 2;
    }
  }
  if (!file) {
    console.error("usage: deno task clean FILE [--url URL] [--meta]");
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(file);
    if (file.endsWith(".gz") || isGzip(bytes)) bytes = await gunzipCapped(bytes);
  } catch (error) {
    if (error instanceof DecompressedTooLargeError) console.error(`${file}: ${error.message}`);
    else console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const doc = await cleanHtml(decodeHtmlBytes(bytes), { url });
  if (meta) {
    const { markdown: _markdown, ...rest } = doc;
    console.log(JSON.stringify(rest));
  }
  console.log(doc.markdown);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
