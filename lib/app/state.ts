/**
 * The application state every route receives as `ctx.state`: the parsed config and the
 * services built from it at start-up. Routes use `define` so handlers and pages agree.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { createDefine } from "../web/mod.ts";
import type { ReadinessCheck } from "./readiness.ts";
import type { ChatService } from "../rag/mod.ts";
import type { VectorStore } from "../vectorstore/store.ts";
import type { AppMetrics } from "../metrics/mod.ts";
import type { ChatLimits } from "./limits.ts";
import type { Collections } from "../collections/mod.ts";

/** Configuration and services shared by every request. */
export interface AppState {
  config: Config;
  /** The running version (from deno.json). */
  version: string;
  /** Process start, epoch ms, for uptime. */
  startedAt: number;
  /** Dependencies `/api/ready` probes. */
  readiness: ReadinessCheck[];
  /** Replaces every secret value in a text (for anything that leaves the process). */
  scrub: (text: string) => string;
  /** The chat turn; null until services are built (routes answer 503). */
  chat: ChatService | null;
  /** The vector store, for `/api/info`. */
  store: VectorStore | null;
  /** Prometheus metrics; null disables recording and `/api/metrics`. */
  metrics: AppMetrics | null;
  /** Rate limit and stream cap for the chat endpoints; null admits everything. */
  limits: ChatLimits | null;
  /** Named collections, jobs and admin auth; null when collections are off (no DATA_DIR). */
  collections?: Collections | null;
}

/** Typed `handlers` / `page` helpers bound to {@linkcode AppState}. */
export const define = createDefine<AppState>();
