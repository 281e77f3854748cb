/**
 * The shapes every bench suite shares: a row of the results table (our figure next to an
 * alternative's, with an optional target) and the context a suite runs in.
 *
 * @module
 */

/** One figure, LoreChat's value next to an alternative measured (or published) alike. */
export interface Row {
  figure: string;
  /** "ms", "MB", "docs/s", "" for a score… */
  unit: string;
  ours: number | null;
  /** The alternative, e.g. "Orama 3.1.18" or "bare Deno.serve"; absent when none. */
  peer?: string;
  peerValue?: number | null;
  /** Which direction is better, for reading the ratio. */
  better: "lower" | "higher";
  /** A target for our value; reported as met or missed, never asserted. */
  target?: number;
}

/** What a suite returns: table rows, raw details for the JSON file, and notes. */
export interface SuiteOutcome {
  rows: Row[];
  details: Record<string, unknown>;
  notes?: string[];
  /** Why the suite could not run here (missing data or tool); not a failure. */
  skipped?: string;
}

/** The prebuilt 50,000-chunk store the server and soak suites share. */
export interface LoadStore {
  path: string;
  chunks: number;
  buildSeconds: number;
  /** Question `n` of a fixed, seeded list that names things the store holds. */
  question(n: number): string;
}

/** What a suite gets. */
export interface BenchContext {
  quick: boolean;
  /** Project root (no trailing slash). */
  root: string;
  /** A temporary folder removed after the run. */
  tempDir: string;
  /** Soak length override, in minutes. */
  soakMinutes?: number;
  /** Dump sizes of the `sources` suite, in pages, overriding its two. */
  sourcesPages?: number[];
  log(message: string): void;
  loadStore(): Promise<LoadStore>;
}

/** A benchmark suite. */
export interface Suite {
  name: string;
  description: string;
  /** Only run when named, or in a full run without names. */
  long?: boolean;
  run(context: BenchContext): Promise<SuiteOutcome>;
}
