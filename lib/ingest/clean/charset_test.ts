import assert from "node:assert/strict";
import { decodeHtmlBytes } from "./charset.ts";
import { cleanHtml } from "./mod.ts";

const ascii = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

Deno.test("decodeHtmlBytes honours <meta charset> for legacy encodings", async (t) => {
  await t.step("windows-1252 (smart quotes, euro sign)", () => {
    const bytes = concat(
      ascii('<meta charset="windows-1252"><p>'),
      new Uint8Array([0x93, 0x80, 0x94]),
    );
    assert.equal(decodeHtmlBytes(bytes), '<meta charset="windows-1252"><p>“€”');
  });
  await t.step("iso-8859-1 via http-equiv content-type", () => {
    const bytes = concat(
      ascii('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>caf'),
      new Uint8Array([0xe9]),
    );
    assert.ok(decodeHtmlBytes(bytes).endsWith("café"));
  });
  await t.step("shift_jis", () => {
    const bytes = concat(
      ascii("<meta charset=shift_jis><p>"),
      new Uint8Array([0x93, 0xfa, 0x96, 0x7b]),
    );
    assert.ok(decodeHtmlBytes(bytes).endsWith("日本"));
  });
});

Deno.test("decodeHtmlBytes lets a BOM win over everything else", () => {
  const utf16 = new Uint8Array([0xff, 0xfe, 0x3c, 0, 0x70, 0, 0x3e, 0, 0xe9, 0]);
  assert.equal(decodeHtmlBytes(utf16, "text/html; charset=iso-8859-1"), "<p>é");
  const utf8 = concat(
    new Uint8Array([0xef, 0xbb, 0xbf]),
    ascii('<meta charset="latin1">'),
    new Uint8Array([0xc3, 0xa9]),
  );
  assert.ok(decodeHtmlBytes(utf8).endsWith("é"));
});

Deno.test("decodeHtmlBytes prefers the Content-Type header over <meta>", () => {
  const bytes = concat(ascii('<meta charset="utf-8"><p>'), new Uint8Array([0xe9]));
  assert.ok(decodeHtmlBytes(bytes, "text/html; charset=windows-1252").endsWith("é"));
});

Deno.test("decodeHtmlBytes falls back to windows-1252 when bytes are not UTF-8", () => {
  assert.equal(decodeHtmlBytes(new Uint8Array([0x63, 0x61, 0x66, 0xe9])), "café");
  assert.equal(decodeHtmlBytes(ascii("plain ✓")), "plain ✓");
});

Deno.test("decodeHtmlBytes ignores unknown labels instead of throwing", () => {
  const bytes = concat(
    ascii('<meta charset="no-such-charset"><p>ok '),
    new Uint8Array([0xc3, 0xa9]),
  );
  assert.ok(decodeHtmlBytes(bytes).endsWith("ok é"));
});

Deno.test("cleanHtml on decoded windows-1252 bytes yields the right characters", async () => {
  const bytes = concat(
    ascii('<html><head><meta charset="windows-1252"><title>Caf'),
    new Uint8Array([0xe9]),
    ascii("</title></head><body><p>The "),
    new Uint8Array([0x93]),
    ascii("Blue Caf"),
    new Uint8Array([0xe9, 0x94]),
    ascii(" serves the river folk.</p></body></html>"),
  );
  const doc = await cleanHtml(decodeHtmlBytes(bytes));
  assert.equal(doc.title, "Café");
  assert.equal(doc.markdown, "The “Blue Café” serves the river folk.");
});
