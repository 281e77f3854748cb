/**
 * Gives freed heap memory back to the system while a long ingest runs: glibc's
 * `malloc_trim(0)`, called through FFI every few seconds, returns the free pages that
 * the allocations of many threads (SQLite, messages between the page workers and the
 * writer, file reads) leave scattered in malloc's arenas, which otherwise stay resident.
 * A no-op where there is no glibc (macOS, musl, Windows) or no FFI permission.
 *
 * @module
 */

/** Stops the periodic trim (and closes the library). */
export type StopReleasing = () => void;

/**
 * Calls `malloc_trim(0)` every `intervalMs` (default 2,000 ms) on an unreferenced timer,
 * so it never keeps the process alive; returns a function that stops it. Does nothing
 * (and returns a no-op) when glibc's `malloc_trim` cannot be loaded.
 */
export function releaseMemoryPeriodically(intervalMs = 2_000): StopReleasing {
  let lib: Deno.DynamicLibrary<{ malloc_trim: { parameters: ["usize"]; result: "i32" } }>;
  try {
    if (Deno.build.os !== "linux") return () => {};
    lib = Deno.dlopen("libc.so.6", { malloc_trim: { parameters: ["usize"], result: "i32" } });
  } catch {
    return () => {};
  }
  const timer = setInterval(() => lib.symbols.malloc_trim(0n), intervalMs);
  Deno.unrefTimer(timer);
  return () => {
    clearInterval(timer);
    lib.close();
  };
}
