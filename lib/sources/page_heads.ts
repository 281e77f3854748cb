/**
 * The head of every `<page>` of a MediaWiki export, found in the raw bytes: the
 * redirect pre-scan (`dump_titles.ts`) reads only a page's title, namespace and redirect
 * target, all in its first few kilobytes, so the rest of the dump is searched for
 * `</page>` as bytes and never decoded to text. Decoding every page to a string made
 * the pre-scan's heap grow with the dump (on the `sources` bench, 97 MB of V8 heap and
 * 171 MB RSS for a 507 MB dump against 32 and 86 MB for 127 MB); this holds one input
 * piece and one page head at a time.
 *
 * @module
 */
import { indexOfBytes } from "./bytes.ts";

/** UTF-16 code units of a page head: what the pre-scan's patterns look at. */
export const HEAD_CHARS = 4096;

/**
 * Bytes decoded for a head: every UTF-8 sequence yields at least one code unit per three
 * bytes, so this many bytes hold the first {@linkcode HEAD_CHARS} units whole.
 */
const HEAD_BYTES = 3 * HEAD_CHARS + 4;

/** Bytes kept of a page longer than this while its end is still to come. */
const LONG_PAGE = 65_536;

const PAGE_OPEN = new TextEncoder().encode("<page");
const PAGE_CLOSE = new TextEncoder().encode("</page>");

/**
 * Bytes decoded first for a head: enough for {@linkcode HEAD_CHARS} units and a
 * character cut at the end, so a head of one-byte characters (XML tags, most titles)
 * decodes a third of {@linkcode HEAD_BYTES}.
 */
const FIRST_HEAD_BYTES = HEAD_CHARS + 4;

/**
 * The first {@linkcode HEAD_CHARS} characters (from `<page` on, fewer when the page is
 * shorter) of each page that ends (`</page>`) in `bytes`, a UTF-8 export, in order. A
 * page cut off by the end of the stream is not yielded; a stream that fails ends the scan.
 *
 * @example
 * ```ts
 * import { pageHeads } from "./page_heads.ts";
 * const xml = "<mediawiki><page><title>A</title></page></mediawiki>";
 * const heads = [];
 * for await (const head of pageHeads(new Blob([xml]).stream())) heads.push(head);
 * console.assert(heads[0] === "<page><title>A</title>");
 * ```
 */
export async function* pageHeads(bytes: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const headOf = (held: Uint8Array, from: number, end: number): string | null => {
    const start = indexOfBytes(held, PAGE_OPEN, from, end);
    if (start < 0) return null;
    const stop = Math.min(end, start + HEAD_BYTES);
    // Decoding a prefix of the bytes gives a prefix of the characters, but for the one
    // cut at its end (a U+FFFD, last): past HEAD_CHARS, that one is sliced off anyway.
    if (stop > start + FIRST_HEAD_BYTES) {
      const first = decoder.decode(held.subarray(start, start + FIRST_HEAD_BYTES));
      if (first.length > HEAD_CHARS) return first.slice(0, HEAD_CHARS);
    }
    const head = decoder.decode(held.subarray(start, stop));
    return head.length > HEAD_CHARS ? head.slice(0, HEAD_CHARS) : head;
  };
  // The bytes not yet scanned whole, `held[0, length)`: the unfinished page (or its head
  // and the tail where its `</page>` may begin) and the newest piece. One buffer, grown
  // and compacted in place, rather than a new one joined per piece.
  let held = new Uint8Array(0);
  let length = 0;
  const reader = bytes.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || !value) break;
      if (length + value.length > held.length) {
        const grown = new Uint8Array(Math.max(2 * held.length, length + value.length));
        grown.set(held.subarray(0, length));
        held = grown;
      }
      held.set(value, length);
      length += value.length;
      let from = 0;
      let end = indexOfBytes(held, PAGE_CLOSE, 0, length);
      while (end >= 0) {
        const head = headOf(held, from, end);
        if (head !== null) yield head;
        from = end + PAGE_CLOSE.length;
        end = indexOfBytes(held, PAGE_CLOSE, from, length);
      }
      held.copyWithin(0, from, length);
      length -= from;
      // A page without its end yet: keep its head, and a tail where `</page>` may begin.
      const start = indexOfBytes(held, PAGE_OPEN, 0, length);
      if (start >= 0 && length - start > LONG_PAGE) {
        const tail = length - (PAGE_CLOSE.length - 1);
        held.copyWithin(0, start, start + HEAD_BYTES);
        held.copyWithin(HEAD_BYTES, tail, length);
        length = HEAD_BYTES + PAGE_CLOSE.length - 1;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
