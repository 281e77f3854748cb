import assert from "node:assert/strict";
import { parseConfig } from "../../lib/config/mod.ts";
import { configureLogging, resetLogging } from "../../lib/log/mod.ts";
import { createServices } from "../../lib/app/services.ts";
import { startFakeOpenAi } from "../fakes/openai_server.ts";
import { readSse } from "../support/sse.ts";
import { startTestServer } from "../support/server.ts";
import { tinyCorpusDirs } from "./corpus.ts";

interface Line {
  logger: string;
  message: string;
  requestId?: string;
  [key: string]: unknown;
}

Deno.test("JSON log lines of one chat — access, model call, turn — share its request id, even when chats overlap", async () => {
  const fake = await startFakeOpenAi({
    tokens: ["Queen", " Maelis", " rules", " [1]."],
    tokenDelayMs: 15,
  });
  const dirs = await tinyCorpusDirs();
  const env = {
    LOG_LEVEL: "debug",
    LOG_FORMAT: "json",
    DATA_DIR: dirs.data,
    SAMPLE_CORPUS_DIR: dirs.corpus,
    LLM_PROVIDER: "openai",
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: "sk-test-request-ids",
  };
  const config = parseConfig(env);
  const raw: string[] = [];
  await configureLogging({ config, write: (line) => raw.push(line) });
  const services = await createServices(config);
  const server = await startTestServer({ env, state: services.state });
  const ask = async (requestId: string) => {
    const res = await fetch(new URL("/api/chat", server.url), {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ messages: [{ role: "user", content: "Who rules Varrow?" }] }),
    });
    assert.equal(res.headers.get("x-request-id"), requestId);
    const events = await readSse(res);
    assert.equal(events.at(-1)?.event, "done", JSON.stringify(events));
  };
  try {
    raw.length = 0;
    await Promise.all([ask("chat-a"), ask("chat-b"), ask("chat-c")]);
    await new Promise((r) => setTimeout(r, 20));
    const lines = raw.map((l) => JSON.parse(l) as Line);
    for (const id of ["chat-a", "chat-b", "chat-c"]) {
      const mine = lines.filter((l) => l.requestId === id);
      const find = (logger: string, pattern: RegExp) =>
        mine.find((l) => l.logger === logger && pattern.test(l.message));
      const access = mine.find((l) => l.logger === "lorechat.http");
      assert.deepEqual([access?.path, access?.status], ["/api/chat", 200], `${id}: access line`);
      assert.ok(find("lorechat.llm", /openai.*attempt 1 answering/), `${id}: model call line`);
      const done = find("lorechat.rag", /turn done/);
      assert.ok(done, `${id}: turn done line`);
      assert.equal(done.provider, "openai");
    }
    const unattributed = lines.filter((l) =>
      ["lorechat.rag", "lorechat.llm", "lorechat.http"].includes(l.logger) && !l.requestId
    );
    assert.deepEqual(unattributed, [], "every request-path line carries an id");
    assert.equal(
      lines.filter((l) => /turn done/.test(l.message)).length,
      3,
      "one turn line per chat, none attributed twice",
    );
  } finally {
    await server.close();
    await services.close();
    await resetLogging();
    await fake.close();
    await Deno.remove(dirs.root, { recursive: true });
  }
});
