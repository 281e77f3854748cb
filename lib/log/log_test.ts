import assert from "node:assert/strict";
import { parseConfig } from "../config/mod.ts";
import { configureLogging, getLogger, resetLogging, withLogContext } from "./mod.ts";

Deno.test("JSON logs carry the request id from context and never a secret", async () => {
  const lines: string[] = [];
  const config = parseConfig({
    ENV: "production",
    LOG_LEVEL: "debug",
    OPENAI_API_KEY: "sk-canary-log-secret",
  });
  await configureLogging({ config, write: (line) => lines.push(line) });
  try {
    const log = getLogger(["lorechat", "test"]);
    withLogContext({ requestId: "req-42" }, () => {
      log.info("calling the model with {key}", { key: "sk-canary-log-secret" });
    });
    log.debug("outside any request");
  } finally {
    await resetLogging();
  }
  assert.equal(lines.length, 2);
  const first = JSON.parse(lines[0]);
  assert.equal(first.requestId, "req-42");
  assert.equal(first.level, "INFO");
  assert.ok(lines.every((l) => !l.includes("sk-canary-log-secret")));
  assert.match(lines[0], /\[redacted\]/);
});

Deno.test("the level filter drops lines below LOG_LEVEL", async () => {
  const lines: string[] = [];
  await configureLogging({
    config: parseConfig({ LOG_LEVEL: "warning", LOG_FORMAT: "json" }),
    write: (line) => lines.push(line),
  });
  try {
    const log = getLogger(["lorechat", "test"]);
    log.info("dropped");
    log.warn("kept");
    log.error("kept too");
  } finally {
    await resetLogging();
  }
  assert.equal(lines.length, 2);
});

Deno.test("the rotating file sink writes JSON lines and rotates by size", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/app.log`;
  await configureLogging({
    config: parseConfig({
      LOG_FILE: path,
      LOG_FILE_MAX_BYTES: "2048",
      LOG_FILE_MAX_FILES: "3",
      LOG_FORMAT: "json",
    }),
    write: () => {},
  });
  try {
    const log = getLogger(["lorechat", "test"]);
    for (let i = 0; i < 60; i++) log.info("line {i} {pad}", { i, pad: "x".repeat(60) });
  } finally {
    await resetLogging();
  }
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.ok(files.includes("app.log"));
  assert.ok(files.length > 1 && files.length <= 3, files.join(","));
  const last = (await Deno.readTextFile(path)).trim().split("\n").pop()!;
  assert.equal(JSON.parse(last).level, "INFO");
  await Deno.remove(dir, { recursive: true });
});
