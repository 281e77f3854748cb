/**
 * Gives freed heap memory back to the system while a long ingest runs: glibc's
 * `malloc_trim(0)`, called through FFI every few seconds, returns the free pages that
 * the allocations of many threads (SQLite, messages between the page workers and the
 * writer, file reads) leave scattered in malloc's arenas, which otherwise stay resident;
 * and {@linkcode keepLargeAllocationsMapped} keeps large blocks out of those arenas.
 * A no-op where there is no glibc (macOS, musl, Windows) or no FFI permission.
 *
 * @module
 */

/** `mallopt`'s parameter number for the mmap threshold (glibc's `M_MMAP_THRESHOLD`). */
const M_MMAP_THRESHOLD = -3;

/** glibc's default mmap threshold, 128 KiB, which it then raises as large blocks are freed. */
export const MMAP_THRESHOLD_BYTES = 131_072;

/**
 * Fixes glibc's mmap threshold at `bytes` (default 128 KiB): every block that large gets
 * its own mapping, returned to the system when freed. By default glibc raises the
 * threshold to the size of each mapped block freed (up to 32 MB), so once a merge has
 * freed a few MB of segment arrays, the next ones — and the page workers' buffers, the
 * file reads — come from the arenas instead, where they fragment the heap and stay
 * resident. Ingesting the `sources` bench's 50,000-page dump, alternated with and
 * without: peak RSS 271 and 274 MB → 258 and 253 MB, the rate within the machine's
 * drift. Returns whether it took effect (false without glibc or FFI).
 */
export function keepLargeAllocationsMapped(bytes = MMAP_THRESHOLD_BYTES): boolean {
  try {
    if (Deno.build.os !== "linux") return false;
    const lib = Deno.dlopen("libc.so.6", {
      mallopt: { parameters: ["i32", "i32"], result: "i32" },
    });
    try {
      return lib.symbols.mallopt(M_MMAP_THRESHOLD, bytes) === 1;
    } finally {
      lib.close();
    }
  } catch {
    return false;
  }
}

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
