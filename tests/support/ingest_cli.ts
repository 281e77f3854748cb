/**
 * Runs `deno task ingest` (scripts/ingest.ts) in its own process, as a user would, with
 * the embedded defaults (sqlite store, no embedder) under `env`.
 *
 * @module
 */

const ROOT = new URL("../..", import.meta.url).pathname;

/** What one ingest run printed, and its report when it printed one as JSON (`--json`). */
export interface IngestRun {
  code: number;
  stdout: string;
  stderr: string;
  // deno-lint-ignore no-explicit-any
  report: any;
}

/** Runs the ingest CLI with `args` from the repository root and waits for it to exit. */
export async function runIngest(args: string[], env: Record<string, string>): Promise<IngestRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}scripts/ingest.ts`, ...args],
    env: { LOG_LEVEL: "error", EMBEDDINGS_PROVIDER: "none", VECTOR_STORE: "sqlite", ...env },
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  return {
    code: out.code,
    stdout,
    stderr,
    report: stdout.startsWith("{") ? JSON.parse(stdout) : null,
  };
}
