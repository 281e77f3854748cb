/**
 * Admin authentication: the `ADMIN_TOKEN` presented once at sign-in becomes a signed,
 * expiring session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS); scripts send
 * `Authorization: Bearer <token>` instead. Every state-changing request made with the
 * cookie must come from this site's own origin (CSRF), and wrong tokens are counted per
 * client so guessing is rate-limited.
 *
 * @module
 */

/** The session cookie's name. */
export const SESSION_COOKIE = "lorechat_admin";

/** How long a session lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Options for {@linkcode AdminAuth}. */
export interface AdminAuthOptions {
  token: string;
  /** Wrong tokens a client may present per window before it is refused (429). */
  maxFailures?: number;
  windowMs?: number;
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` (behind a proxy). */
  trustProxy?: boolean;
  now?: () => number;
}

/** The outcome of checking a request. */
export type AdminCheck =
  | { ok: true; via: "cookie" | "bearer" }
  | { ok: false; status: 401 | 403 | 429; code: string; message: string; retryAfter?: number };

const encoder = new TextEncoder();

function constantTimeEqual(a: string, b: string): boolean {
  const ea = encoder.encode(a);
  const eb = encoder.encode(b);
  let diff = ea.length ^ eb.length;
  for (let i = 0; i < Math.max(ea.length, eb.length); i++) diff |= (ea[i] ?? 0) ^ (eb[i] ?? 0);
  return diff === 0;
}

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Checks admin credentials and issues sessions. */
export class AdminAuth {
  private key: Promise<CryptoKey>;
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly now: () => number;

  constructor(private readonly options: AdminAuthOptions) {
    this.now = options.now ?? Date.now;
    this.key = crypto.subtle.importKey(
      "raw",
      encoder.encode(`lorechat-admin-session:${options.token}`),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
  }

  private async sign(payload: string): Promise<string> {
    return base64url(await crypto.subtle.sign("HMAC", await this.key, encoder.encode(payload)));
  }

  /** A fresh session value for the cookie. */
  async newSession(): Promise<string> {
    const payload = `${this.now() + SESSION_TTL_MS}.${crypto.randomUUID()}`;
    return `${payload}.${await this.sign(payload)}`;
  }

  /** Whether a cookie value is a live session this server signed. */
  async validSession(value: string): Promise<boolean> {
    const at = value.lastIndexOf(".");
    if (at < 0) return false;
    const payload = value.slice(0, at);
    const expires = Number(payload.split(".")[0]);
    if (!(expires > this.now())) return false;
    return constantTimeEqual(value.slice(at + 1), await this.sign(payload));
  }

  /** The wait, in seconds, before `client` may try again; 0 when it may now. */
  blockedFor(client: string): number {
    const entry = this.failures.get(client);
    const windowMs = this.options.windowMs ?? 15 * 60 * 1000;
    if (!entry || this.now() - entry.since > windowMs) return 0;
    if (entry.count < (this.options.maxFailures ?? 5)) return 0;
    return Math.ceil((entry.since + windowMs - this.now()) / 1000);
  }

  private fail(client: string): void {
    const windowMs = this.options.windowMs ?? 15 * 60 * 1000;
    const entry = this.failures.get(client);
    if (!entry || this.now() - entry.since > windowMs) {
      this.failures.set(client, { count: 1, since: this.now() });
    } else entry.count++;
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Checks a presented token (sign-in): false counts as a failure for `client`. */
  checkToken(presented: string, client: string): boolean {
    if (constantTimeEqual(this.options.token, presented)) {
      this.failures.delete(client);
      return true;
    }
    this.fail(client);
    return false;
  }

  /** Whether a request is an admin's, and allowed to do what it asks. */
  async check(req: Request, client: string): Promise<AdminCheck> {
    const wait = this.blockedFor(client);
    if (wait > 0) {
      return {
        ok: false,
        status: 429,
        code: "rate_limited",
        message: "Too many failed sign-in attempts. Try again later.",
        retryAfter: wait,
      };
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim();
    if (bearer !== undefined) {
      if (this.checkToken(bearer, client)) return { ok: true, via: "bearer" };
      return { ok: false, status: 401, code: "unauthorized", message: "Wrong admin token." };
    }
    const cookie = readCookie(req.headers.get("cookie"), SESSION_COOKIE);
    if (!cookie || !(await this.validSession(cookie))) {
      return { ok: false, status: 401, code: "unauthorized", message: "Sign in first." };
    }
    if (changesState(req.method) && !this.sameOrigin(req)) {
      return {
        ok: false,
        status: 403,
        code: "cross_origin",
        message: "This request did not come from this site.",
      };
    }
    return { ok: true, via: "cookie" };
  }

  /** Whether the request's `Origin` (or `Sec-Fetch-Site`) says it came from this site. */
  sameOrigin(req: Request): boolean {
    const origin = req.headers.get("origin");
    if (origin) {
      try {
        return new URL(origin).host === this.hostOf(req) && new URL(origin).protocol ===
            `${this.schemeOf(req)}:`;
      } catch {
        return false;
      }
    }
    return req.headers.get("sec-fetch-site") === "same-origin";
  }

  /** The `Set-Cookie` value that starts a session. */
  sessionCookie(value: string, req: Request): string {
    const secure = this.schemeOf(req) === "https" ? "; Secure" : "";
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${
      SESSION_TTL_MS / 1000
    }${secure}`;
  }

  /** The `Set-Cookie` value that ends a session. */
  clearCookie(req: Request): string {
    const secure = this.schemeOf(req) === "https" ? "; Secure" : "";
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`;
  }

  private schemeOf(req: Request): string {
    const forwarded = this.options.trustProxy
      ? req.headers.get("x-forwarded-proto")?.split(",")[0].trim()
      : undefined;
    return forwarded || new URL(req.url).protocol.replace(":", "");
  }

  private hostOf(req: Request): string {
    const forwarded = this.options.trustProxy
      ? req.headers.get("x-forwarded-host")?.split(",")[0].trim()
      : undefined;
    return forwarded || req.headers.get("host") || new URL(req.url).host;
  }
}

/** Whether a method changes state (and so needs the origin check). */
export function changesState(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

/** One cookie's value from a `Cookie` header. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
