/**
 * Citation hygiene while streaming: `[n]` markers whose number is not a source are
 * removed before they reach the reader, and the numbers actually cited are recorded.
 *
 * @module
 */

const WHITE_SPACE = /^\s$/;

/** A streaming filter over text deltas. Call `push` per delta and `flush` at the end. */
export class CitationFilter {
  #pending = "";
  readonly cited = new Set<number>();

  constructor(readonly validNumbers: ReadonlySet<number>) {}

  /** Feeds a delta; returns the text safe to emit now (possibly empty). */
  push(delta: string): string {
    // No marker can start or end here: everything goes out but a trailing white space,
    // held back in case a marker follows (what the character loop below would do).
    if (!delta.includes("[") && !this.#pending.includes("[")) {
      const text = this.#pending + delta;
      const last = text.length - 1;
      if (last >= 0 && WHITE_SPACE.test(text[last])) {
        this.#pending = text[last];
        return text.slice(0, last);
      }
      this.#pending = "";
      return text;
    }
    let out = "";
    for (const ch of delta) {
      const next = this.#pending + ch;
      if (/^\s?(\[\d{0,3})?$/.test(next)) {
        this.#pending = next; // a space, then perhaps the start of a marker: hold it
      } else if (ch === "]" && /^\s?\[\d{1,3}$/.test(this.#pending)) {
        out += this.#resolve(next);
      } else {
        out += this.#pending;
        this.#pending = "";
        if (/^\s$/.test(ch) || ch === "[") this.#pending = ch;
        else out += ch;
      }
    }
    return out;
  }

  /** Emits whatever is still held back (an unfinished `[12`). */
  flush(): string {
    const rest = this.#pending;
    this.#pending = "";
    return rest;
  }

  /** A whole marker with its leading space: kept when its number exists, dropped whole otherwise. */
  #resolve(marker: string): string {
    this.#pending = "";
    const n = Number(/\[(\d{1,3})\]$/.exec(marker)![1]);
    if (!this.validNumbers.has(n)) return "";
    this.cited.add(n);
    return marker;
  }
}
