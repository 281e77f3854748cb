/**
 * The admin area's client for the admin API: every call same-origin (the browser adds
 * the session cookie and `Origin`), every refusal turned into a sentence.
 *
 * @module
 */

/** A collection as the admin list shows it. */
export interface AdminCollection {
  name: string;
  title: string;
  description: string;
  persona: string;
  suggestions: string[];
  documents: number;
  chunks: number;
}

/** An ingest job as the API reports it. */
export interface AdminJob {
  id: string;
  status: "queued" | "running" | "done" | "failed" | "interrupted";
  done: number;
  failed: number;
  total?: number;
  failures: { id: string; reason: string }[];
  pagesPerSecond?: number;
  etaSeconds?: number;
}

/** One row of the documents list. */
export interface AdminDocument {
  id: string;
  title: string;
  url: string;
  source: string;
  chunks: number;
  indexedAt: string | null;
  status: string;
}

/** A refused call; `message` is for the reader. */
export class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "AdminError";
  }
}

/** Calls the admin API; resolves with the JSON body (null for 204). */
export async function adminCall<T = unknown>(
  path: string,
  init: { method?: string; json?: unknown; body?: BodyInit } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body = init.body;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? "GET", headers, body });
  } catch {
    throw new AdminError(0, "LoreChat could not be reached. Check your connection.");
  }
  if (res.status === 204) return null as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    throw new AdminError(
      res.status,
      data?.error?.message ?? `The request failed (HTTP ${res.status}).`,
    );
  }
  return data as T;
}

/** `/api/collections/<name>…` */
export const collectionPath = (name: string, rest = "") =>
  `/api/collections/${encodeURIComponent(name)}${rest}`;

/** Seconds as `1 min 5 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
