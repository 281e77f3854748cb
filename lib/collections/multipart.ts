/**
 * A streaming `multipart/form-data` reader: parts are handed to a sink chunk by chunk
 * as they arrive, so an upload of any size goes to disk without being held in memory.
 *
 * @module
 */
import { concatBytes, indexOfBytes } from "../sources/bytes.ts";

/** Where one part's bytes go. */
export interface PartSink {
  write(chunk: Uint8Array): Promise<void> | void;
  close(): Promise<void> | void;
}

/** The body was not valid multipart. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MultipartError";
  }
}

const encoder = new TextEncoder();
const CRLF2 = encoder.encode("\r\n\r\n");
const MAX_HEADER_BYTES = 16 * 1024;

/** The boundary of a `multipart/form-data` content type, or null. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? match[1] ?? match[2] : null;
}

/** The part's headers (names lower-cased), from the raw header block. */
function parseHeaders(block: Uint8Array): Headers {
  const headers = new Headers();
  for (const line of new TextDecoder().decode(block).split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * Reads `body` part by part. `onPart` gets each part's headers and returns a sink for
 * its bytes, or null to skip it. Throws {@linkcode MultipartError} on a malformed or
 * truncated body; errors from a sink propagate.
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  onPart: (headers: Headers) => Promise<PartSink | null> | PartSink | null,
): Promise<void> {
  const opening = encoder.encode(`--${boundary}`);
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  type State = "preamble" | "after" | "headers" | "body" | "end";
  let state = "preamble" as State;
  let buf: Uint8Array = new Uint8Array(0);
  let sink: PartSink | null = null;
  const step = async (): Promise<boolean> => {
    if (state === "preamble") {
      const at = indexOfBytes(buf, opening);
      if (at === -1) return false;
      buf = buf.subarray(at + opening.length);
      state = "after";
    } else if (state === "after") {
      if (buf.length < 2) return false;
      const mark = String.fromCharCode(buf[0], buf[1]);
      if (mark === "--") state = "end";
      else if (mark === "\r\n") state = "headers";
      else throw new MultipartError("malformed boundary line");
      buf = buf.subarray(2);
    } else if (state === "headers") {
      const at = indexOfBytes(buf, CRLF2);
      if (at === -1) {
        if (buf.length > MAX_HEADER_BYTES) throw new MultipartError("part headers too long");
        return false;
      }
      sink = await onPart(parseHeaders(buf.subarray(0, at)));
      buf = buf.subarray(at + 4);
      state = "body";
    } else if (state === "body") {
      const at = indexOfBytes(buf, delimiter);
      const keep = at === -1 ? Math.max(0, buf.length - delimiter.length + 1) : at;
      if (keep > 0) await sink?.write(buf.slice(0, keep));
      if (at === -1) {
        buf = buf.subarray(keep);
        return false;
      }
      await sink?.close();
      sink = null;
      buf = buf.subarray(at + delimiter.length);
      state = "after";
    } else {
      return false;
    }
    return true;
  };
  const reader = body.getReader();
  try {
    while (state !== "end") {
      const { value, done } = await reader.read();
      if (done) break;
      buf = concatBytes(buf, value);
      while (await step());
    }
  } finally {
    reader.releaseLock();
  }
  if (state !== "end") throw new MultipartError("the body ended before the closing boundary");
}

/** The `name` and `filename` of a part's `Content-Disposition`. */
export function dispositionOf(headers: Headers): { name: string; filename: string | null } {
  const value = headers.get("content-disposition") ?? "";
  const param = (key: string) => {
    const star = new RegExp(`;\\s*${key}\\*=(?:UTF-8'')?([^;]+)`, "i").exec(value);
    if (star) {
      try {
        return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
      } catch { /* fall through to the plain parameter */ }
    }
    const plain = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i").exec(value);
    return plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, "$1").trim() : null;
  };
  return { name: param("name") ?? "", filename: param("filename") };
}
