/**
 * Citation hygiene while streaming: `[n]` markers whose number is not a source are
 * removed before they reach the reader, and the numbers actually cited are recorded.
 *
 * @module
 */

/** A streaming filter over text deltas. Call `push` per delta and `flush` at the end. */
export class CitationFilter {
  #pending = "";
  readonly cited = new Set<number>();

  constructor(readonly validNumbers: ReadonlySet<number>) {}

  /** Feeds a delta; returns the text safe to emit now (possibly empty). */
  push(delta: string): string {
    let out = "";
    for (const ch of delta) {
      if (this.#pending) {
        this.#pending += ch;
        if (ch === "]") out += this.#resolve();
        else if (!/^\[\d{0,3}$/.test(this.#pending)) {
          out += this.#pending;
          this.#pending = "";
        }
      } else if (ch === "[") this.#pending = "[";
      else out += ch;
    }
    return out;
  }

  /** Emits whatever is still held back (an unfinished `[12`). */
  flush(): string {
    const rest = this.#pending;
    this.#pending = "";
    return rest;
  }

  #resolve(): string {
    const marker = this.#pending;
    this.#pending = "";
    const match = /^\[(\d{1,3})\]$/.exec(marker);
    if (!match) return marker;
    const n = Number(match[1]);
    if (!this.validNumbers.has(n)) return "";
    this.cited.add(n);
    return marker;
  }
}
