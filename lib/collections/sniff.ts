/**
 * What an uploaded file is, from its first bytes rather than its name: PDF, DOCX,
 * EPUB, compressed MediaWiki dumps, MediaWiki XML, HTML, JSONL, Markdown or plain
 * text. The result picks the extension the file is saved under, which is how the
 * ingest dispatcher chooses its reader.
 *
 * @module
 */

/** A kind of upload LoreChat accepts, and the extension it is saved with. */
export interface SniffedKind {
  kind:
    | "pdf"
    | "docx"
    | "epub"
    | "bzip2"
    | "7z"
    | "gzip"
    | "mediawiki"
    | "html"
    | "jsonl"
    | "markdown"
    | "text";
  extension: string;
}

/** How many leading bytes {@linkcode sniffKind} looks at. */
export const SNIFF_BYTES = 4096;

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

const starts = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The kind of a file from its first bytes (up to {@linkcode SNIFF_BYTES}) and, for
 * text, its name; null when it is none LoreChat reads (→ 415).
 *
 * @example
 * ```ts
 * import { sniffKind } from "./sniff.ts";
 * const pdf = new TextEncoder().encode("%PDF-1.7\n");
 * console.assert(sniffKind(pdf, "x.bin")?.kind === "pdf");
 * ```
 */
export function sniffKind(head: Uint8Array, name: string): SniffedKind | null {
  if (ascii(head, 0, 5) === "%PDF-") return { kind: "pdf", extension: ".pdf" };
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) return zipKind(head);
  if (ascii(head, 0, 3) === "BZh") return { kind: "bzip2", extension: ".xml.bz2" };
  if (starts(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) {
    return { kind: "7z", extension: ".xml.7z" };
  }
  if (starts(head, [0x1f, 0x8b])) {
    return { kind: "gzip", extension: /\.html?\.gz$/i.test(name) ? ".html.gz" : ".xml.gz" };
  }
  const text = decodeText(head);
  if (text === null) return null;
  const lead = text.replace(/^\uFEFF/, "").trimStart().slice(0, 1024).toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?<mediawiki[\s>]/.test(lead)) {
    return { kind: "mediawiki", extension: ".xml" };
  }
  if (/^(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/.test(lead)) {
    return { kind: "html", extension: ".html" };
  }
  if (/\.jsonl$/i.test(name) && lead.startsWith("{")) return { kind: "jsonl", extension: ".jsonl" };
  if (/\.html?$/i.test(name) && /<[a-z][^>]*>/.test(lead)) {
    return { kind: "html", extension: ".html" };
  }
  if (/\.txt$/i.test(name)) return { kind: "text", extension: ".txt" };
  return { kind: "markdown", extension: ".md" };
}

/** DOCX and EPUB are both zip files; their first entry tells them apart. */
function zipKind(head: Uint8Array): SniffedKind | null {
  const text = ascii(head, 0, Math.min(head.length, SNIFF_BYTES));
  if (text.slice(30, 38) === "mimetype" && text.includes("application/epub+zip")) {
    return { kind: "epub", extension: ".epub" };
  }
  if (text.includes("[Content_Types].xml") || text.includes("word/")) {
    return { kind: "docx", extension: ".docx" };
  }
  return null;
}

/**
 * The head as text when it is UTF-8 without control bytes (a cut multi-byte sequence at
 * the end is allowed), else null.
 */
function decodeText(head: Uint8Array): string | null {
  let end = head.length;
  // Drop a multi-byte sequence the head may have cut in two.
  for (let i = Math.max(0, end - 3); i < end; i++) {
    if ((head[i] & 0xc0) === 0xc0) {
      const need = head[i] >= 0xf0 ? 4 : head[i] >= 0xe0 ? 3 : 2;
      if (i + need > end) end = i;
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return null;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control bytes other than tab, newlines, form feed and escape mean binary.
    if (c < 0x20 && !(c >= 0x09 && c <= 0x0d) && c !== 0x1b) return null;
  }
  return text;
}
