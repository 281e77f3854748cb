/**
 * The shortcut past `saxes` for a dump's page texts. Nearly all of a MediaWiki export's
 * bytes are the wikitext inside `<revision><text …>…</text>`, and `saxes` reads it a
 * character at a time (on the `sources` bench, about an eighth of the reading thread's CPU).
 * Here the parser still reads every tag, but the content of each revision's `<text>`
 * element is found with `indexOf`, checked and decoded with native string operations,
 * and handed to the page builder in one piece.
 *
 * Only plain character data takes the shortcut: no `<` (an element, a comment or a
 * CDATA section inside), no `]]>`, no character XML forbids, and no `&` but the
 * predefined entities and character references to allowed characters. Anything else is
 * written to the parser as it came, so it reads (or rejects) it exactly as before; line
 * ends are normalized as the parser does. Whether the parser really opened a revision's
 * `<text>` (and not a `<text` inside a comment, or a tag whose attribute holds `>`) is
 * asked of the builder after the tag alone was written, so the shortcut never guesses at
 * the parser's state. `dump_text_shortcut_test.ts` holds the pages read through it equal to
 * those `saxes` reads alone, over random exports cut into random pieces.
 *
 * @module
 */
import { XML_ENTITIES } from "./xml_text.ts";

/** Where the shortcut writes: the XML parser, and the page builder behind it. */
export interface TextShortcutSink {
  /** Writes XML to the parser (which calls the builder back as it reads). */
  write(xml: string): void;
  /** How many revision `<text>` elements the parser has opened so far. */
  textOpenings(): number;
  /** Whether the parser is inside a revision's `<text>` whose content is wanted. */
  inText(): boolean;
  /** The decoded content of that element, in one piece. */
  text(content: string): void;
}

const OPEN = "<text";
const CLOSE = "</text";

/** Characters XML 1.0 forbids in a document (`Char`; a decoder makes no lone surrogates). */
// deno-lint-ignore no-control-regex -- these are the characters looked for
const FORBIDDEN = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));|&/g;

/** Whether `code` is a character XML 1.0 allows (`Char`). */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Whether `code` may follow an element's name: white space, `>` or `/`. */
function endsName(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x3e ||
    code === 0x2f;
}

/**
 * The character data `raw` decoded as an XML parser would (line ends normalized, then
 * references resolved), or null when it is not plain (see the module doc).
 */
export function decodePlainText(raw: string): string | null {
  if (raw.includes("]]>") || FORBIDDEN.test(raw)) return null;
  const text = raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw;
  if (!text.includes("&")) return text;
  return text.includes("&#") ? decodeReferences(text) : decodeNamed(text);
}

/**
 * `text` with its predefined entities replaced, or null when an `&` begins none: one
 * pass from `&` to `&`, the pieces joined once. (A replacement function called per match
 * was five times slower on real dumps, whose texts hold hundreds; a split and join per
 * entity copied the text five times. Joined, the result is one flat string, where
 * `replaceAll` or `+=` leave a string of as many parts as matches, which the next reader
 * must flatten: 20 µs a page more.)
 */
function decodeNamed(text: string): string | null {
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf("&"); at >= 0; at = text.indexOf("&", from)) {
    const entity = namedEntityAt(text, at + 1);
    if (entity === null) return null;
    parts.push(text.slice(from, at), entity.char);
    from = at + 1 + entity.reference.length;
  }
  parts.push(text.slice(from));
  return parts.join("");
}

/** The predefined entity whose name and `;` start at `at`, if any. */
function namedEntityAt(text: string, at: number): { reference: string; char: string } | null {
  for (const entity of NAMED) if (text.startsWith(entity.reference, at)) return entity;
  return null;
}

/** XML's predefined entities (name and `;`), the commonest in page texts first. */
const NAMED = ["quot", "amp", "lt", "gt", "apos"].map((name) => ({
  reference: `${name};`,
  char: XML_ENTITIES[name],
}));

/** `text` with its entities and character references resolved, or null when one is not. */
function decodeReferences(text: string): string | null {
  let plain = true;
  const out = text.replace(REFERENCE, (_whole, name?: string, decimal?: string, hex?: string) => {
    if (name !== undefined) return XML_ENTITIES[name];
    const code = decimal !== undefined
      ? Number(decimal)
      : hex !== undefined
      ? parseInt(hex, 16)
      : -1;
    if (!isXmlChar(code)) plain = false;
    return plain ? String.fromCodePoint(code) : "";
  });
  return plain ? out : null;
}

/** How many characters at the end of `text` (from `from` on) could begin `OPEN`. */
function openPrefixAtEnd(text: string, from: number): number {
  for (let k = Math.min(OPEN.length - 1, text.length - from); k > 0; k--) {
    if (text.endsWith(OPEN.slice(0, k))) return k;
  }
  return 0;
}

/**
 * Feeds an export's text to `sink` piece by piece (`write`, then `end`), taking the
 * content of each revision's `<text>` element past the parser when it is plain.
 */
export class TextShortcut {
  /** Text not yet written: a tail that may begin a tag still to be decided. */
  private held = "";
  /** Whether we are inside a `<text>` element the parser opened. */
  private inside = false;
  /** The raw content of that element so far. */
  private content: string[] = [];

  constructor(private readonly sink: TextShortcutSink) {}

  /** Takes the next piece of the export. */
  write(piece: string): void {
    const s = this.held.length > 0 ? this.held + piece : piece;
    this.held = "";
    let at = 0;
    while (at < s.length) at = this.inside ? this.readContent(s, at) : this.readMarkup(s, at);
  }

  /** Writes what is held to the sink: the export has ended (or broken off). */
  end(): void {
    const rest = this.content.join("") + this.held;
    this.content = [];
    this.held = "";
    this.inside = false;
    if (rest.length > 0) this.sink.write(rest);
  }

  /** Outside a text element: writes `s` from `at` up to and through the next `<text…>`. */
  private readMarkup(s: string, at: number): number {
    const open = s.indexOf(OPEN, at);
    if (open < 0) {
      const keep = openPrefixAtEnd(s, at);
      this.sink.write(s.slice(at, s.length - keep));
      this.held = s.slice(s.length - keep);
      return s.length;
    }
    const after = open + OPEN.length;
    if (after >= s.length) return this.hold(s, at, open);
    if (!endsName(s.charCodeAt(after))) {
      this.sink.write(s.slice(at, after)); // `<textarea`, say: not ours
      return after;
    }
    const gt = s.indexOf(">", after);
    if (gt < 0) return this.hold(s, at, open);
    // The tag alone, so an opening the parser reports while reading it is this one (not
    // a `<text` in a comment, nor a tag whose attribute holds the `>` found).
    this.sink.write(s.slice(at, open));
    const openings = this.sink.textOpenings();
    this.sink.write(s.slice(open, gt + 1));
    if (this.sink.textOpenings() !== openings && this.sink.inText()) this.inside = true;
    return gt + 1;
  }

  /** Writes `s[at, from)` and holds the rest for the next piece. */
  private hold(s: string, at: number, from: number): number {
    this.sink.write(s.slice(at, from));
    this.held = s.slice(from);
    return s.length;
  }

  /** Inside a text element: gathers content up to its `</text`, or gives it to the parser. */
  private readContent(s: string, at: number): number {
    const lt = s.indexOf("<", at);
    if (lt < 0) {
      this.content.push(s.slice(at));
      return s.length;
    }
    this.content.push(s.slice(at, lt));
    if (s.length - lt <= CLOSE.length) {
      this.held = s.slice(lt); // too short yet to tell `</text>` from other markup
      return s.length;
    }
    const raw = this.content.join("");
    this.content = [];
    this.inside = false;
    const next = s.charCodeAt(lt + CLOSE.length);
    const closes = s.startsWith(CLOSE, lt) && next !== 0x2f && endsName(next);
    const text = closes ? decodePlainText(raw) : null;
    if (text !== null) this.sink.text(text);
    else this.sink.write(raw); // not plain: the parser reads it, and whatever follows
    return lt;
  }
}
