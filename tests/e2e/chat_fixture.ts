/**
 * Shared set-up for the chat UI's browser tests: the real app on loopback with the real
 * services built from an environment, as `main.ts` builds them — by default the
 * extractive provider over the bundled sample corpus (indexed into a temporary sqlite
 * store); with `LLM_PROVIDER=openai OPENAI_BASE_URL=<fake>/v1 OPENAI_API_KEY=test` the
 * OpenAI provider talking to the loopback fake.
 */
import type { BrowserContext, Page } from "playwright-core";
import { createServices } from "../../lib/app/services.ts";
import type { AppState } from "../../lib/app/state.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/** A running app. */
export interface ChatApp {
  server: TestServer;
  url(path?: string): string;
  close(): Promise<void>;
}

/** Starts the app with services built from `env`; `state` overrides parts of them. */
export async function startChatApp(
  options: { env?: Record<string, string>; state?: Partial<AppState> } = {},
): Promise<ChatApp> {
  const dataDir = await Deno.makeTempDir({ prefix: "lorechat-e2e-" });
  const env = {
    ENV: "test",
    LOG_LEVEL: "error",
    HOSTNAME: "127.0.0.1",
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: "0",
    ...options.env,
  };
  const services = await createServices(parseConfig(env));
  const server = await startTestServer({ env, state: { ...services.state, ...options.state } });
  return {
    server,
    url: (path = "/") => new URL(path, server.url).href,
    async close() {
      await server.close();
      await services.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** The environment that points the app at the OpenAI fake (no retries: errors show). */
export function openAiEnv(fakeUrl: string): Record<string, string> {
  return {
    LLM_PROVIDER: "openai",
    OPENAI_BASE_URL: fakeUrl,
    OPENAI_API_KEY: "test",
    LLM_MAX_RETRIES: "0",
  };
}

/** A page whose console errors, warnings, page errors and dialogs are collected. */
export async function openPage(
  target: BrowserContext,
  url: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await target.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.goto(url);
  await page.waitForSelector("html[data-hydrated=true]", { timeout: 10_000 });
  return { page, problems };
}
