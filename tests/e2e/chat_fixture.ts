/**
 * Shared set-up for the chat UI's browser tests: the real app on loopback with a real
 * chat service — the extractive provider over a small in-memory lore collection, plus
 * the OpenAI provider pointed at the loopback fake when a test needs a model — and one
 * Chromium per test file.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createChatService } from "../../lib/rag/mod.ts";
import { createExtractiveProvider } from "../../lib/llm/extractive.ts";
import { createOpenAiProvider } from "../../lib/llm/openai.ts";
import type { LlmProvider } from "../../lib/llm/provider.ts";
import { memoryStore, type Page as LorePage } from "../support/doubles.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import type { AppState } from "../../lib/app/state.ts";

/** A small original collection. */
export const LORE: LorePage[] = [
  {
    id: "brackhaven",
    title: "Brackhaven",
    heading: "Brackhaven > Rulers",
    text:
      "Brackhaven is the salt-harbour capital of the Saltmarch. Queen Isaveth rules Brackhaven from the Tide Hall. The harbour city trades brine-glass and smoked eel.",
  },
  {
    id: "lantern-college",
    title: "Lantern College",
    heading: "Lantern College > History",
    text:
      "The Lantern College was founded by Kethri Stonecant in the year 212 of the Lantern Reckoning. Its scholars keep the first lantern burning.",
  },
  {
    id: "glass-wyrm",
    title: "Glass Wyrm",
    heading: "Glass Wyrm",
    text:
      "The glass wyrm is a serpent of the Glasswater Sea whose scales refract moonlight. Sailors say it sleeps beneath the Isles of Quessary.",
  },
  {
    id: "cinder-moth",
    title: "Cinder Moth",
    heading: "Cinder Moth > Habits",
    text:
      "Cinder moths nest in the ash of the Ashen Wastes. Their wings leave ember-ink, which the Ashen Covenant uses for its charters.",
  },
];

/** A running app, plus a way to open pages that records console problems. */
export interface ChatApp {
  server: TestServer;
  url(path?: string): string;
  close(): Promise<void>;
}

/** Starts the app: extractive by default; `openAiUrl` adds (and defaults to) the OpenAI provider. */
export async function startChatApp(
  options: { openAiUrl?: string; state?: Partial<AppState> } = {},
): Promise<ChatApp> {
  const store = memoryStore(LORE);
  const providers: Record<string, LlmProvider> = { extractive: createExtractiveProvider() };
  if (options.openAiUrl) {
    providers.openai = createOpenAiProvider({
      model: "gpt-test",
      apiKey: "test",
      baseURL: options.openAiUrl,
    });
  }
  const chat = createChatService({
    store,
    embedder: null,
    providers,
    defaultProvider: options.openAiUrl ? "openai" : "extractive",
    retrieval: { topK: 4, maxPerPage: 2, minScore: 0 },
    maxTokens: 512,
    temperature: 0.2,
  });
  const server = await startTestServer({ state: { chat, store, ...options.state } });
  return {
    server,
    url: (path = "/") => new URL(path, server.url).href,
    close: () => server.close(),
  };
}

/** A page whose console errors, warnings, page errors and dialogs are collected. */
export async function openPage(
  target: Browser | BrowserContext,
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
