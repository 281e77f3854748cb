/**
 * Markdown-aware chunking. A document is split by heading into sections (each chunk
 * knows its heading path, `Title › Section › Subsection`), then into blocks that stay
 * whole when they fit: paragraphs, lists, tables and fenced code. Oversize blocks are cut
 * between list items, table rows (the header row is repeated in every piece) or code
 * lines (the fence is repeated), and prose is cut between sentences, else between words.
 * Consecutive chunks of one section share an overlap: the trailing sentences (or words)
 * of the previous chunk's last prose piece.
 *
 * @module
 */
import {
  codeFence,
  listItems,
  type MarkdownBlock,
  readSections,
  tableHeader,
} from "./markdown_blocks.ts";
import { measure, separatorCost, type SizeUnit, splitToFit, trailingText } from "./text_split.ts";

export { estimateTokens, type SizeUnit } from "./text_split.ts";

/** Options for {@linkcode chunkMarkdown}. */
export interface ChunkOptions {
  /** Stable id of the document; chunk ids derive from it. */
  documentId: string;
  /** Page title: the first element of every heading path. */
  title: string;
  /** Page URL, copied onto every chunk. */
  url: string;
  /** Largest chunk, in `unit`s. Only a single word longer than this can exceed it. */
  size: number;
  /** How much trailing text of a chunk is repeated at the start of the next, in `unit`s. */
  overlap: number;
  /**
   * `chars`, or `tokens`: approximate tokens, each word counting `ceil(length / 4)` (see
   * {@linkcode estimateTokens}) — conservative for embedding model limits.
   */
  unit: SizeUnit;
}

/** One piece of a document, ready to embed and store. */
export interface Chunk {
  /** Deterministic: `${documentId}#${position}` (the id part hashed when unsafe or long). */
  id: string;
  documentId: string;
  /** Position within the document, from 0, with no gaps. */
  position: number;
  text: string;
  /** Heading path: `Title › Section › Subsection`. */
  heading: string;
  title: string;
  url: string;
}

/** The part of a block the packer places whole. */
interface Piece {
  text: string;
  /** Index of the block it came from, to pick the separator from its neighbour. */
  block: number;
  /** Separator to use after a piece of the same block. */
  join: string;
  /** Prose pieces may lend their trailing text as overlap; tables, code and headings not. */
  prose: boolean;
  heading: boolean;
}

const PATH_SEPARATOR = " › ";
const SAFE_ID = /^[A-Za-z0-9._~:/@?&=%+,;!$'()*[\]-]+$/;
const MAX_ID_PART = 160;

/** 64-bit FNV-1a of `text` as 16 hex digits: a stable, synchronous short hash for ids. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

/**
 * The id of the chunk at `position` of `documentId`. Ids stay at most 200 characters of
 * printable ASCII without `#` in the document part (safe as Upstash ids): a document id
 * that is long or has other characters becomes a readable prefix plus a hash.
 *
 * @example
 * ```ts
 * import { chunkId } from "./chunk.ts";
 * console.assert(chunkId("city-of-varrow", 3) === "city-of-varrow#3");
 * ```
 */
export function chunkId(documentId: string, position: number): string {
  if (documentId.length <= MAX_ID_PART && SAFE_ID.test(documentId)) {
    return `${documentId}#${position}`;
  }
  const prefix = documentId.replace(/[^A-Za-z0-9._~:/-]+/g, "_").slice(0, 80);
  return `${prefix}~${fnv1a64(documentId)}#${position}`;
}

/** The heading path of a section: the title, then its headings (minus a repeated title). */
function headingPath(title: string, headings: string[]): string {
  const rest = headings.length > 0 && headings[0].toLowerCase() === title.toLowerCase()
    ? headings.slice(1)
    : headings;
  return [title, ...rest].filter((h) => h !== "").join(PATH_SEPARATOR);
}

/** Cuts one block into pieces, each within `size` (or `limit` for prose continuations). */
function blockPieces(
  block: MarkdownBlock,
  index: number,
  size: number,
  limit: number,
  unit: SizeUnit,
): Piece[] {
  const text = block.lines.join("\n");
  const piece = (t: string, join: string, prose: boolean): Piece => ({
    text: t,
    block: index,
    join,
    prose,
    heading: block.kind === "heading",
  });
  if (block.kind === "heading") return [piece(text, "\n", false)];
  const prose = block.kind === "paragraph" || block.kind === "list";
  if (measure(text, unit) <= size) return [piece(text, "\n", prose)];
  if (block.kind === "paragraph") {
    return splitToFit(text, limit, unit).map((t) => piece(t, " ", true));
  }
  if (block.kind === "list") {
    return listItems(block).flatMap((item) => {
      const itemText = item.join("\n");
      if (measure(itemText, unit) <= size) return [piece(itemText, "\n", true)];
      return splitToFit(itemText, limit, unit).map((t, i) => piece(t, i === 0 ? "\n" : " ", true));
    });
  }
  const [open, close] = block.kind === "code" ? codeFence(block) : ["", ""];
  const head = block.kind === "table" ? tableHeader(block) : [open];
  const tail = block.kind === "table" ? [] : [close];
  const body = block.kind === "table"
    ? block.lines.slice(head.length)
    : block.lines.slice(1, block.lines.length - (close === block.lines.at(-1) ? 1 : 0));
  return wrapLines(head, body, tail, size, unit).map((t) => piece(t, "\n", false));
}

/** Packs `body` lines into texts `head + lines + tail` within `size`; long lines by word. */
function wrapLines(
  head: string[],
  body: string[],
  tail: string[],
  size: number,
  unit: SizeUnit,
): string[] {
  const wrap = (lines: string[]) => [...head, ...lines, ...tail].join("\n");
  const room = size - measure(wrap([]), unit) - separatorCost("\n", unit);
  const out: string[] = [];
  let lines: string[] = [];
  for (const line of body) {
    if (lines.length > 0 && measure(wrap([...lines, line]), unit) <= size) {
      lines.push(line);
      continue;
    }
    if (lines.length > 0) out.push(wrap(lines));
    lines = [];
    if (measure(wrap([line]), unit) <= size) lines = [line];
    else for (const part of splitToFit(line, Math.max(1, room), unit)) out.push(wrap([part]));
  }
  if (lines.length > 0) out.push(wrap(lines));
  return out;
}

/** Packs pieces into chunk texts, carrying overlap between chunks of the section. */
function packPieces(pieces: Piece[], options: ChunkOptions): string[] {
  const { size, overlap, unit } = options;
  const texts: string[] = [];
  let parts: Piece[] = [];
  let text = "";
  // Where the chunk's trailing run of prose starts: the text overlap may come from.
  let proseStart = 0;
  const flush = () => {
    // A chunk holding only its heading says nothing the heading path does not.
    if (parts.some((p) => !p.heading) && text.trim() !== "") texts.push(text);
  };
  for (const piece of pieces) {
    const last = parts.at(-1);
    const sep = last ? (last.block === piece.block ? piece.join : "\n\n") : "";
    if (last && measure(text + sep + piece.text, unit) <= size) {
      if (!piece.prose) proseStart = text.length + sep.length + piece.text.length;
      else if (!last.prose) proseStart = text.length + sep.length;
      text += sep + piece.text;
      parts.push(piece);
      continue;
    }
    flush();
    const carry = last?.prose ? text.slice(proseStart) : "";
    const carrySep = last && last.block === piece.block ? piece.join : "\n\n";
    const budget = Math.min(
      overlap,
      size - measure(piece.text, unit) - separatorCost(carrySep, unit),
    );
    const tail = carry ? trailingText(carry, budget, unit) : "";
    parts = tail ? [{ ...last!, text: tail }, piece] : [piece];
    text = tail ? tail + carrySep + piece.text : piece.text;
    proseStart = piece.prose ? 0 : text.length;
  }
  flush();
  return texts;
}

/**
 * Splits Markdown into chunks. Deterministic: the same input and options always give the
 * same chunks and ids. Never returns an empty chunk, never cuts inside a word, and keeps
 * every chunk within `size` unless a single word is longer.
 *
 * @throws {RangeError} when `size` is not positive or `overlap` is not in `[0, size)`.
 *
 * @example
 * ```ts
 * import { chunkMarkdown } from "./chunk.ts";
 * const chunks = chunkMarkdown("# Varrow\n\nA salt city.\n\n## History\n\nFounded by exiles.", {
 *   documentId: "varrow", title: "Varrow", url: "", size: 200, overlap: 0, unit: "chars",
 * });
 * console.assert(chunks[1].heading === "Varrow › History");
 * ```
 */
export function chunkMarkdown(markdown: string, options: ChunkOptions): Chunk[] {
  const { size, overlap, unit } = options;
  if (!(size > 0)) throw new RangeError(`chunk size must be positive, got ${size}`);
  if (!(overlap >= 0 && overlap < size)) {
    throw new RangeError(`chunk overlap must be in [0, size), got ${overlap}`);
  }
  // Prose continuations leave room for the overlap and the separator before them.
  const limit = Math.max(1, size - overlap - separatorCost("\n\n", unit));
  const chunks: Chunk[] = [];
  for (const section of readSections(markdown)) {
    const heading = headingPath(options.title, section.headings);
    const pieces = section.blocks.flatMap((block, i) => blockPieces(block, i, size, limit, unit));
    for (const text of packPieces(pieces, options)) {
      const position = chunks.length;
      chunks.push({
        id: chunkId(options.documentId, position),
        documentId: options.documentId,
        position,
        text,
        heading,
        title: options.title,
        url: options.url,
      });
    }
  }
  return chunks;
}
