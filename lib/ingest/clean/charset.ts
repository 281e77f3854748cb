/**
 * Byte → string decoding for fetched HTML: byte order mark first, then the HTTP
 * `Content-Type` charset, then `<meta charset>` / `http-equiv` in the first bytes, then
 * UTF-8 if the bytes are valid UTF-8, else windows-1252 (what browsers fall back to).
 *
 * @module
 */

/** How many leading bytes are searched for a `<meta>` charset declaration. */
const PRESCAN_BYTES = 8192;

const META_CHARSET_RE = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;
const CONTENT_TYPE_CHARSET_RE = /charset\s*=\s*["']?\s*([\w.:-]+)/i;

/**
 * Decodes the bytes of an HTML page into a string, honouring its declared encoding.
 *
 * @example
 * ```ts
 * import { decodeHtmlBytes } from "./charset.ts";
 * const bytes = new Uint8Array([0x3c, 0x70, 0x3e, 0xe9, 0x3c, 0x2f, 0x70, 0x3e]); // "<p>é</p>" in latin-1
 * decodeHtmlBytes(bytes, "text/html; charset=iso-8859-1"); // "<p>é</p>"
 * ```
 */
export function decodeHtmlBytes(bytes: Uint8Array, contentTypeHeader?: string): string {
  const bom = bomEncoding(bytes);
  if (bom) return decodeWith(bom.label, bytes.subarray(bom.length)) ?? "";
  const declared = [
    contentTypeHeader?.match(CONTENT_TYPE_CHARSET_RE)?.[1],
    sniffMetaCharset(bytes),
  ];
  for (const label of declared) {
    if (!label) continue;
    const text = decodeWith(htmlLabel(label), bytes);
    if (text !== undefined) return text;
  }
  return decodeWith("utf-8", bytes, true) ?? decodeWith("windows-1252", bytes) ?? "";
}

/** Finds a charset in `<meta charset>` or `<meta http-equiv="content-type">` near the top. */
function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  // latin-1 maps every byte to one char, so ASCII markup survives whatever the encoding.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, PRESCAN_BYTES));
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, "");
  return withoutComments.match(META_CHARSET_RE)?.[1];
}

/** Maps labels the way the HTML spec does where it differs from the raw label. */
function htmlLabel(label: string): string {
  const lower = label.trim().toLowerCase();
  // A page that says it is UTF-16 but was found by an ASCII prescan is not UTF-16.
  if (lower.startsWith("utf-16")) return "utf-8";
  if (lower === "x-user-defined") return "windows-1252";
  return lower;
}

function bomEncoding(bytes: Uint8Array): { label: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { label: "utf-8", length: 3 };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { label: "utf-16be", length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { label: "utf-16le", length: 2 };
  return undefined;
}

/** Decodes with a label, or returns undefined when the label is unknown (or bytes invalid when fatal). */
function decodeWith(label: string, bytes: Uint8Array, fatal = false): string | undefined {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
