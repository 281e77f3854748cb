import assert from "node:assert/strict";
import { TEXT_PIECE_BYTES, textStream } from "./decompress.ts";

/** The stream of `bytes` cut into chunks of the given sizes, in turn. */
function chunked(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0, i = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      const size = sizes[i++ % sizes.length];
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function pieces(stream: ReadableStream<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of stream) out.push(piece);
  return out;
}

Deno.test("textStream decodes in bounded pieces, characters split across any boundary", async () => {
  // One-, two-, three- and four-byte characters, so pieces and chunks cut inside them.
  const text = "Ærendil — the salt road 𝔘 ends at 東の門. ".repeat(12_000);
  const bytes = new TextEncoder().encode(text);
  assert.ok(bytes.byteLength > 8 * TEXT_PIECE_BYTES);
  for (const sizes of [[bytes.byteLength], [262_144], [1, 7, 65_537], [TEXT_PIECE_BYTES + 1]]) {
    const got = await pieces(textStream(chunked(bytes, sizes)));
    assert.equal(got.join(""), text, `chunks of ${sizes.join(", ")}`);
    for (const piece of got) {
      assert.ok(new TextEncoder().encode(piece).byteLength <= TEXT_PIECE_BYTES + 3, "piece size");
    }
  }
});

Deno.test("textStream replaces malformed bytes and a character cut off at the end", async () => {
  const bytes = new Uint8Array([0x61, 0xff, 0x62, 0xe6, 0x9d]);
  const got = (await pieces(textStream(chunked(bytes, [2])))).join("");
  assert.equal(got, "a\ufffdb\ufffd");
});
