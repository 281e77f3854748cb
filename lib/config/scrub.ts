/**
 * Scrubbing secret values out of text. Its own module, free of the config schema, so the
 * Lambda handlers can scrub their log lines without loading zod at cold start.
 *
 * @module
 */

/** Replaces every occurrence of any secret value in `text` with `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  return out;
}
