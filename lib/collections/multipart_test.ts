import assert from "node:assert/strict";
import fc from "fast-check";
import { dispositionOf, multipartBoundary, readMultipart } from "./multipart.ts";

/** Reads a body into parts: name → bytes as text. */
async function parts(body: ReadableStream<Uint8Array>, boundary: string) {
  const out: { headers: Headers; text: string }[] = [];
  await readMultipart(body, boundary, (headers) => {
    const chunks: Uint8Array[] = [];
    return {
      write: (c) => void chunks.push(c.slice()),
      close: () => void out.push({ headers, text: new TextDecoder().decode(concat(chunks)) }),
    };
  });
  return out;
}

function concat(chunks: Uint8Array[]) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), at += c.length);
  return out;
}

function split(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) (pieces.push(bytes.slice(from, p)), from = p);
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(p);
      controller.close();
    },
  });
}

Deno.test("readMultipart reads what the platform's FormData writes, whatever the chunking", async () => {
  const form = new FormData();
  form.append("note", "plain field");
  form.append("files", new Blob(["# Title\r\n\r\n--not a boundary\r\nbody"]), "a.md");
  form.append("files", new Blob([new Uint8Array([0, 13, 10, 45, 45, 255])]), "b.bin");
  const req = new Request("http://x/", { method: "POST", body: form });
  const boundary = multipartBoundary(req.headers.get("content-type"))!;
  const bytes = new Uint8Array(await req.arrayBuffer());
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (cuts) => {
      const got = await parts(split(bytes, cuts), boundary);
      assert.equal(got.length, 3);
      assert.equal(got[0].text, "plain field");
      assert.deepEqual(dispositionOf(got[1].headers), { name: "files", filename: "a.md" });
      assert.equal(got[1].text, "# Title\r\n\r\n--not a boundary\r\nbody");
      assert.equal(got[2].text, new TextDecoder().decode(new Uint8Array([0, 13, 10, 45, 45, 255])));
    }),
    { numRuns: 60 },
  );
});

Deno.test("readMultipart refuses a body that ends before its closing boundary", async () => {
  const body = '--b\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\nhalf';
  await assert.rejects(
    parts(split(new TextEncoder().encode(body), []), "b"),
    /ended before the closing boundary/,
  );
});

Deno.test("dispositionOf reads quoted, escaped and RFC 5987 file names", () => {
  const h = (v: string) => new Headers({ "content-disposition": v });
  assert.equal(
    dispositionOf(h('form-data; name="f"; filename="a \\"b\\".md"')).filename,
    'a "b".md',
  );
  assert.equal(
    dispositionOf(h("form-data; name=f; filename*=UTF-8''%C3%A9t%C3%A9.md")).filename,
    "été.md",
  );
  assert.equal(dispositionOf(h('form-data; name="field"')).filename, null);
});

Deno.test("multipartBoundary reads the boundary, quoted or not", () => {
  assert.equal(multipartBoundary("multipart/form-data; boundary=abc"), "abc");
  assert.equal(multipartBoundary('multipart/form-data; boundary="a b"'), "a b");
  assert.equal(multipartBoundary("application/json"), null);
});
