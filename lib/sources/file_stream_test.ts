import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileStream } from "./file_stream.ts";

async function withFile(bytes: Uint8Array, run: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/data.bin`, bytes);
    await run(`${dir}/data.bin`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function piecesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream) pieces.push(piece);
  return pieces;
}

/** Open file descriptors of this process (Linux). */
const openFds = () => readdirSync("/proc/self/fd").length;

const DATA = crypto.getRandomValues(new Uint8Array(10_007));

Deno.test("a file streams whole, in fresh pieces, with blocking and asynchronous reads alike", async () => {
  await withFile(DATA, async (path) => {
    for (const blocking of [false, true]) {
      const pieces = await piecesOf(fileStream(path, { pieceBytes: 1_000, blocking }));
      assert.deepEqual(pieces.map((p) => p.length), [...Array(10).fill(1_000), 7], `${blocking}`);
      // Each piece its own buffer: a reader may keep one while it reads the next.
      assert.equal(new Set(pieces.map((p) => p.buffer)).size, pieces.length);
      const whole = new Uint8Array(
        await new Blob(pieces as Uint8Array<ArrayBuffer>[]).arrayBuffer(),
      );
      assert.deepEqual(whole, DATA);
    }
  });
});

Deno.test("a missing file fails its stream, with blocking and asynchronous reads alike", async () => {
  for (const blocking of [false, true]) {
    await assert.rejects(
      piecesOf(fileStream("/no/such/dump.xml", { blocking })),
      (error: NodeJS.ErrnoException) => error.code === "ENOENT",
    );
  }
});

Deno.test("a blocking stream closes its file at the end, and when cancelled", async () => {
  await withFile(DATA, async (path) => {
    const before = openFds();
    await piecesOf(fileStream(path, { pieceBytes: 4_096, blocking: true }));
    assert.equal(openFds(), before, "closed at the end");
    const reader = fileStream(path, { pieceBytes: 4_096, blocking: true }).getReader();
    assert.equal((await reader.read()).value?.length, 4_096);
    assert.equal(openFds(), before + 1, "open while read");
    await reader.cancel();
    assert.equal(openFds(), before, "closed when cancelled");
  });
});
