import assert from "node:assert/strict";
import { sniffKind } from "./sniff.ts";
import { safeFileName } from "./upload.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => typeof p === "string" ? [...new TextEncoder().encode(p)] : p),
  );

Deno.test("sniffKind tells formats by their bytes, not their names", () => {
  const zipEntry = (name: string, data = "") =>
    bytes([0x50, 0x4b, 0x03, 0x04], new Array(26).fill(0), name, data);
  const cases: [Uint8Array, string, string | null][] = [
    [bytes("%PDF-1.7\n"), "notes.md", "pdf"],
    [zipEntry("mimetype", "application/epub+zip"), "book.zip", "epub"],
    [zipEntry("[Content_Types].xml"), "x", "docx"],
    [zipEntry("other.txt"), "x.docx", null],
    [bytes("BZh91AY&SY"), "dump", "bzip2"],
    [bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), "dump", "7z"],
    [bytes([0x1f, 0x8b, 8, 0]), "pages.xml.gz", "gzip"],
    [bytes('<?xml version="1.0"?>\n<mediawiki xmlns="x">'), "dump.xml", "mediawiki"],
    [bytes("<!DOCTYPE html><html><body>x"), "page.txt", "html"],
    [bytes("<p>fragment</p>"), "page.html", "html"],
    [bytes('{"url":"u","content":"c"}\n'), "crawl.jsonl", "jsonl"],
    [bytes("just words"), "readme.txt", "text"],
    [bytes("# Title\n\nÉté"), "anything", "markdown"],
    [bytes([0x00, 0x01, 0x02, 0xff]), "notes.md", null],
    [bytes([0x4d, 0x5a, 0x90, 0x00]), "program.exe", null],
  ];
  for (const [head, name, kind] of cases) {
    assert.equal(sniffKind(head, name)?.kind ?? null, kind, `${name}: ${head.slice(0, 8)}`);
  }
});

Deno.test("sniffKind accepts UTF-8 text whose head cuts a character in two", () => {
  const text = new TextEncoder().encode("a".repeat(4094) + "é");
  assert.equal(sniffKind(text.slice(0, 4095), "x.md")?.kind, "markdown");
});

Deno.test("safeFileName keeps a base name and nothing that climbs out of a folder", () => {
  const cases: [string, string][] = [
    ["../../etc/passwd", "passwd"],
    ["..\\..\\windows\\win.ini", "win.ini"],
    [".hidden.md", "hidden.md"],
    ["/abs/path/Lore Notes (v2).md", "Lore-Notes-v2-.md"],
    ["..", "upload"],
    ["", "upload"],
    ["a\u0000b.md", "a-b.md"],
  ];
  for (const [input, want] of cases) assert.equal(safeFileName(input), want, input);
});
