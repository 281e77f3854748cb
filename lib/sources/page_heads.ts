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
import { concatBytes, indexOfBytes } from "./bytes.ts";

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
  const headOf = (carry: Uint8Array, from: number, end: number): string | null => {
    const start = indexOfBytes(carry, PAGE_OPEN, from, end);
    if (start < 0) return null;
    const head = decoder.decode(carry.subarray(start, Math.min(end, start + HEAD_BYTES)));
    return head.length > HEAD_CHARS ? head.slice(0, HEAD_CHARS) : head;
  };
  let carry: Uint8Array = new Uint8Array(0);
  const reader = bytes.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || !value) break;
      carry = concatBytes(carry, value);
      let from = 0;
      let end = indexOfBytes(carry, PAGE_CLOSE, 0, carry.length);
      while (end >= 0) {
        const head = headOf(carry, from, end);
        if (head !== null) yield head;
        from = end + PAGE_CLOSE.length;
        end = indexOfBytes(carry, PAGE_CLOSE, from, carry.length);
      }
      carry = carry.slice(from);
      // A page without its end yet: keep its head, and a tail where `</page>` may begin.
      const start = indexOfBytes(carry, PAGE_OPEN, 0, carry.length);
      if (start >= 0 && carry.length - start > LONG_PAGE) {
        const tail = carry.subarray(carry.length - PAGE_CLOSE.length);
        carry = concatBytes(carry.slice(start, start + HEAD_BYTES), tail);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
