import assert from "node:assert/strict";
import fc from "fast-check";
import { createSseParser, readSse, type SseMessage } from "./sse.ts";

const STREAM = "\ufeff: comment to ignore\r\n" +
  "event: sources\r\ndata: [1,\r\ndata: 2]\r\n\r\n" +
  'event: token\ndata: {"text":"héllo ✨"}\n\n' +
  "id: 7\revent: token\rdata:no-space\r\r" +
  "data\n\n" +
  "event: done\ndata: {}\n\n" +
  "event: ignored\ndata: unterminated";

const EXPECTED: SseMessage[] = [
  { event: "sources", data: "[1,\n2]", id: undefined },
  { event: "token", data: '{"text":"héllo ✨"}', id: undefined },
  { event: "token", data: "no-space", id: "7" },
  { event: "message", data: "", id: "7" },
  { event: "done", data: "{}", id: "7" },
];

function parseChunks(chunks: string[]): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = createSseParser((m) => out.push(m));
  for (const c of chunks) parser.push(c);
  return out;
}

Deno.test("the SSE parser handles CRLF, CR, LF, comments, BOM, multi-line data and ids", () => {
  assert.deepEqual(parseChunks([STREAM]), EXPECTED);
});

Deno.test("the SSE parser gives the same events whatever the chunk boundaries", async (t) => {
  await t.step("every single split point", () => {
    for (let i = 0; i <= STREAM.length; i++) {
      assert.deepEqual(parseChunks([STREAM.slice(0, i), STREAM.slice(i)]), EXPECTED, `split ${i}`);
    }
  });
  await t.step("arbitrary many splits, empty chunks included", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(STREAM.length), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), STREAM.length];
        const chunks = points.slice(1).map((p, i) => STREAM.slice(points[i], p));
        assert.deepEqual(parseChunks(chunks), EXPECTED);
      }),
      { numRuns: 300 },
    );
  });
});

Deno.test("readSse decodes UTF-8 split inside a character and stops at end of stream", async () => {
  const bytes = new TextEncoder().encode(STREAM);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 5) controller.enqueue(bytes.slice(i, i + 5));
      controller.close();
    },
  });
  const seen: SseMessage[] = [];
  for await (const m of readSse(body)) seen.push(m);
  assert.deepEqual(seen, EXPECTED);
});

Deno.test("leaving readSse early cancels the body stream", async () => {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("data: 1\n\ndata: 2\n\n"));
    },
    cancel() {
      cancelled = true;
    },
  });
  for await (const m of readSse(body)) {
    assert.equal(m.data, "1");
    break;
  }
  assert.ok(cancelled);
});
