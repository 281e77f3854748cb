import assert from "node:assert/strict";
import { DecompressedTooLargeError, gunzipCapped, isGzip } from "./gzip.ts";

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("gunzipCapped round-trips gzip data", async () => {
  const text = "<p>Essa</p>".repeat(1000);
  const packed = await gzip(new TextEncoder().encode(text));
  assert.ok(isGzip(packed));
  assert.equal(new TextDecoder().decode(await gunzipCapped(packed)), text);
});

Deno.test("gunzipCapped refuses a zip bomb with a clear error", async () => {
  const bomb = await gzip(new Uint8Array(4 * 1024 * 1024)); // 4 MiB of zeros → a few KiB
  assert.ok(bomb.length < 64 * 1024);
  await assert.rejects(
    () => gunzipCapped(bomb, 1024 * 1024),
    (error: unknown) =>
      error instanceof DecompressedTooLargeError && /zip bomb/.test(error.message),
  );
});

Deno.test("isGzip tells gzip from plain HTML", () => {
  assert.ok(!isGzip(new TextEncoder().encode("<html>")));
  assert.ok(!isGzip(new Uint8Array()));
});
