/**
 * What an HTTP status from an LLM API means for the caller, shared by the providers.
 *
 * @module
 */
import type { ProviderErrorKind } from "./provider.ts";

/** The error kind an HTTP status means: 429 busy, 401/403 auth, 5xx server, other 4xx bad. */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status >= 500) return "server";
  if (status >= 400) return "invalid_request";
  return "unknown";
}
