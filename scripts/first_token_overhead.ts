/**
 * How much time LoreChat adds before the first token, server side, on the sample lore:
 * the app (real services, sqlite store with the sample corpus) talks to a loopback fake
 * OpenAI server that answers instantly; the same client also times the fake directly.
 * Overhead = time to first token through LoreChat − time to first token from the fake.
 *
 *   deno run -A scripts/first_token_overhead.ts [requests=200]
 */
import freshConfig from "../fresh.config.ts";
import manifest from "../fresh.gen.ts";
import { parseConfig } from "../lib/config/mod.ts";
import { createServices } from "../lib/app/services.ts";
import { startServer } from "../lib/app/server.ts";
import { startFakeOpenAi } from "../tests/fakes/openai_server.ts";

const count = Number(Deno.args[0] ?? 200);
const questions = (await Deno.readTextFile("sample/lore-eval/queries.jsonl")).trim().split("\n")
  .map((l) => JSON.parse(l).text as string);

async function firstTokenMs(url: string, body: unknown, marker: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer test" },
    body: JSON.stringify(body),
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let at = NaN;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value;
    if (Number.isNaN(at) && seen.includes(marker)) at = performance.now() - started;
  }
  return at;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const fake = await startFakeOpenAi({ tokens: ["Queen", " Isaveth", " [1]", "."] });
const dir = await Deno.makeTempDir();
const config = parseConfig({
  DATA_DIR: dir,
  LOG_LEVEL: "error",
  LLM_PROVIDER: "openai",
  OPENAI_BASE_URL: fake.url,
  OPENAI_API_KEY: "test",
  RATE_LIMIT_PER_MINUTE: "0",
  HOSTNAME: "127.0.0.1",
});
const services = await createServices(config);
const server = await startServer({
  config,
  manifest,
  assets: null,
  staticDir: `${freshConfig.root}/${freshConfig.staticDir}`,
  port: 0,
  state: services.state,
});
const direct: number[] = [];
const through: number[] = [];
for (let i = 0; i < count; i++) {
  const q = questions[i % questions.length];
  const messages = [{ role: "user", content: q }];
  direct.push(
    await firstTokenMs(
      `${fake.url}/chat/completions`,
      { model: "m", stream: true, messages },
      '"content":"Queen"',
    ),
  );
  through.push(
    await firstTokenMs(new URL("/api/chat", server.url).href, { messages }, "event: token"),
  );
}
await server.shutdown(1_000);
await services.close();
await fake.close();
await Deno.remove(dir, { recursive: true });
const row = (name: string, xs: number[]) =>
  `| ${name} | ${percentile(xs, 0.5).toFixed(2)} | ${percentile(xs, 0.95).toFixed(2)} | ${
    percentile(xs, 0.99).toFixed(2)
  } |`;
const overhead = through.map((t, i) => t - direct[i]);
console.log(`${count} sequential requests, sample lore (${questions.length} questions cycled)\n`);
console.log("| time to first token (ms) | p50 | p95 | p99 |\n|---|---|---|---|");
console.log(row("fake OpenAI server, direct", direct));
console.log(row("through LoreChat /api/chat", through));
console.log(row("LoreChat overhead (paired)", overhead));
