/**
 * A MediaWiki XML export (`Special:Export`, `pages-articles.xml`, Fandom's
 * `pages_current.xml`) read as a stream of pages with `saxes`: only the current page is
 * ever held, and of its revisions only the newest so far.
 *
 * @module
 */
import { detach, textStream } from "./decompress.ts";
import { TextShortcut } from "./dump_text_shortcut.ts";
import { SaxesParser } from "saxes";

/** What `<siteinfo>` says about the wiki. */
export interface SiteInfo {
  sitename?: string;
  dbname?: string;
  /** URL of the main page: page URLs are built from it. */
  base?: string;
  /** Namespace names by key (0 has the empty name). */
  namespaces: Map<number, string>;
}

/** One page of the export, with its newest revision. */
export interface DumpPage {
  title: string;
  /** `<ns>`, or undefined when the export has none (then infer it from the title). */
  ns?: number;
  id?: string;
  /** `<redirect title="…"/>`. */
  redirect?: string;
  revisionId?: string;
  timestamp?: string;
  sha1?: string;
  text: string;
}

/** What the reader yields: the site's info (once, when present), then pages. */
export type DumpEvent = { kind: "siteinfo"; siteinfo: SiteInfo } | { kind: "page"; page: DumpPage };

/** Thrown when the stream is not a MediaWiki export, or breaks off. */
export class DumpFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DumpFormatError";
  }
}

interface Revision {
  id?: string;
  timestamp?: string;
  sha1?: string;
  text: string;
}

/** Whether revision `a` is newer than `b` (timestamp, then id; later wins a tie). */
function isNewer(a: Revision, b: Revision | null): boolean {
  if (!b) return true;
  if (a.timestamp && b.timestamp && a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  if (a.id && b.id && a.id !== b.id) return Number(a.id) > Number(b.id);
  return true;
}

/** Builds pages from SAX events; finished events are pushed to `out`. */
class PageBuilder {
  out: DumpEvent[] = [];
  private path: string[] = [];
  private buffer: string[] | null = null;
  private siteinfo: SiteInfo | null = null;
  private namespaceKey = 0;
  private page: Partial<DumpPage> | null = null;
  private best: Revision | null = null;
  private revision: Revision | null = null;
  rootSeen = false;
  /** Revision `<text>` elements opened so far. */
  textOpenings = 0;

  open(name: string, attributes: Record<string, string>) {
    const parent = this.path[this.path.length - 1];
    this.path.push(name);
    if (this.path.length === 1) {
      if (name !== "mediawiki") {
        throw new DumpFormatError(`not a MediaWiki export: the root element is <${name}>`);
      }
      this.rootSeen = true;
    } else if (name === "siteinfo") this.siteinfo = { namespaces: new Map() };
    else if (name === "page") {
      this.page = {};
      this.best = null;
    } else if (name === "revision" && this.page) this.revision = { text: "" };
    else if (name === "redirect" && this.page) {
      this.page.redirect = attributes.title === undefined ? undefined : detach(attributes.title);
    } else if (name === "namespace" && this.siteinfo) this.namespaceKey = Number(attributes.key);
    else if (name === "text" && parent === "revision") this.textOpenings++;
    if (this.capturing(name, parent)) this.buffer = [];
  }

  private capturing(name: string, parent: string | undefined): boolean {
    if (parent === "revision") return ["id", "timestamp", "sha1", "text"].includes(name);
    if (parent === "page") return ["title", "ns", "id"].includes(name);
    if (parent === "siteinfo") return ["sitename", "dbname", "base"].includes(name);
    return name === "namespace" && parent === "namespaces";
  }

  text(chunk: string) {
    this.buffer?.push(chunk);
  }

  /** Whether the element open is a revision's `<text>`, whose content is kept. */
  inText(): boolean {
    const depth = this.path.length;
    return depth >= 2 && this.path[depth - 1] === "text" && this.path[depth - 2] === "revision" &&
      this.revision !== null && this.buffer !== null;
  }

  close(name: string) {
    this.path.pop();
    const parent = this.path[this.path.length - 1];
    const value = this.buffer ? this.buffer.join("") : "";
    this.buffer = null;
    if (parent === "revision" && this.revision) {
      if (name === "text") this.revision.text = value;
      else if (name === "id" || name === "timestamp" || name === "sha1") {
        this.revision[name] = value.trim();
      }
    } else if (parent === "page" && this.page) {
      if (name === "title") this.page.title = detach(value);
      else if (name === "ns") this.page.ns = Number(value.trim());
      else if (name === "id") this.page.id = value.trim();
    } else if (parent === "siteinfo" && this.siteinfo) {
      if (name === "sitename" || name === "dbname" || name === "base") {
        this.siteinfo[name] = value.trim();
      }
    } else if (name === "namespace" && this.siteinfo) {
      this.siteinfo.namespaces.set(this.namespaceKey, value.trim());
    }
    if (name === "revision" && this.revision) {
      if (isNewer(this.revision, this.best)) this.best = this.revision;
      this.revision = null;
    } else if (name === "siteinfo" && this.siteinfo) {
      this.out.push({ kind: "siteinfo", siteinfo: this.siteinfo });
    } else if (name === "page" && this.page) this.finishPage(this.page);
  }

  private finishPage(page: Partial<DumpPage>) {
    const best = this.best;
    this.page = null;
    this.best = null;
    if (page.title === undefined) return;
    this.out.push({
      kind: "page",
      page: {
        title: page.title,
        ...(page.ns !== undefined && !Number.isNaN(page.ns) ? { ns: page.ns } : {}),
        ...(page.id ? { id: page.id } : {}),
        ...(page.redirect !== undefined ? { redirect: page.redirect } : {}),
        ...(best?.id ? { revisionId: best.id } : {}),
        ...(best?.timestamp ? { timestamp: best.timestamp } : {}),
        ...(best?.sha1 ? { sha1: best.sha1 } : {}),
        text: best?.text ?? "",
      },
    });
  }
}

/** Options of {@linkcode readDumpEvents}. */
export interface ReadDumpOptions {
  /**
   * Take plain page texts past the XML parser (`dump_text_shortcut.ts`). Default true;
   * false has `saxes` read every character, the reference the shortcut is tested against.
   */
  shortcut?: boolean;
  /** Counts the page texts taken past the parser, as they are (so tests can see it work). */
  tally?: { shortcut: number };
}

/**
 * The site info and pages of a MediaWiki export, in document order, as the bytes
 * arrive. A break in the XML (a truncated file) throws a {@linkcode DumpFormatError}
 * after every complete page before it has been yielded.
 */
export async function* readDumpEvents(
  bytes: ReadableStream<Uint8Array>,
  options: ReadDumpOptions = {},
): AsyncGenerator<DumpEvent> {
  const parser = new SaxesParser({ position: false });
  const builder = new PageBuilder();
  let failure: Error | null = null;
  parser.on("error", (error) => {
    failure ??= error;
  });
  parser.on("opentag", (tag) => {
    if (failure) return;
    try {
      builder.open(tag.name, tag.attributes as Record<string, string>);
    } catch (error) {
      failure = error as Error;
    }
  });
  parser.on("text", (text) => builder.text(text));
  parser.on("cdata", (text) => builder.text(text));
  parser.on("closetag", (tag) => builder.close(tag.name));
  const input = options.shortcut === false ? null : new TextShortcut({
    write: (xml) => parser.write(xml),
    textOpenings: () => builder.textOpenings,
    inText: () => !failure && builder.inText(),
    text: (content) => {
      builder.text(content);
      if (options.tally) options.tally.shortcut++;
    },
  });
  const reader = textStream(bytes).getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await reader.read();
      } catch (error) {
        yield* builder.out.splice(0);
        throw new DumpFormatError(`the dump breaks off: ${(error as Error).message}`);
      }
      if (chunk.done) break;
      if (input) input.write(chunk.value);
      else parser.write(chunk.value);
      yield* builder.out.splice(0);
      if (failure) throw asFormatError(failure);
    }
    input?.end();
    parser.close();
    yield* builder.out.splice(0);
    if (failure) throw asFormatError(failure);
    if (!builder.rootSeen) throw new DumpFormatError("not a MediaWiki export: no XML found");
  } finally {
    reader.cancel().catch(() => {});
  }
}

function asFormatError(error: Error): DumpFormatError {
  if (error instanceof DumpFormatError) return error;
  return new DumpFormatError(`the dump's XML breaks off or is malformed: ${error.message}`);
}
