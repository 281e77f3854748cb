/**
 * Security headers on every response. The CSP allows scripts only from this origin
 * (no inline script, no eval): island props travel as inert JSON, never as code.
 *
 * @module
 */

/** The Content-Security-Policy every page is served with. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Sets the security headers on `headers` (in place). */
export function securityHeaders(headers: Headers, production: boolean): void {
  headers.set("content-security-policy", CONTENT_SECURITY_POLICY);
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "strict-origin-when-cross-origin");
  headers.set("x-frame-options", "DENY");
  headers.set("cross-origin-opener-policy", "same-origin");
  headers.set("permissions-policy", "camera=(), microphone=(), geolocation=()");
  if (production) headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
}
