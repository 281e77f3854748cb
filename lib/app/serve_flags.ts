/**
 * The V8 flags the app is served with (`deno task start`, the container's `CMD`, and the
 * benches that measure serving), kept here so they agree; a test reads the task and the
 * Dockerfile against it.
 *
 * `--max-semi-space-size=4` caps each isolate's young generation at 4 MB a half. V8's
 * default lets it grow to 16 MB a half in every isolate (the main one and each serving
 * worker) whatever the work allocates; capped, `deno task bench server` peaked at 432 MB
 * RSS instead of 615 MB for the same share of the echo's streams (0.36×), and a 50k-chunk
 * store is served from ~125 MB instead of ~150 MB.
 *
 * @module
 */

/** The `--v8-flags=` value for serving. */
export const SERVE_V8_FLAGS = "--max-semi-space-size=4";
