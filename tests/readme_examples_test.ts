import assert from "node:assert/strict";
import { parseConfig } from "../lib/config/mod.ts";
import { createServices } from "../lib/app/services.ts";
import { NOT_FOUND_TEXT } from "../lib/rag/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;

// Every question the README shows in a request is answered from the sample lore, so a
// newcomer's first try works as written.
Deno.test("every question in the README's examples is answered from the sample lore", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const questions = [...readme.matchAll(/"content":"([^"]+)"/g)].map((m) => m[1])
    .filter((q) => q !== "…"); // the API table's placeholder
  assert.ok(questions.length >= 1, "the README shows a chat request");
  const dir = await Deno.makeTempDir({ prefix: "lorechat-readme-" });
  const services = await createServices(parseConfig({ DATA_DIR: dir, LOG_LEVEL: "error" }));
  try {
    for (const question of questions) {
      const answer = await services.state.chat!.answer(
        [{ role: "user", content: question }],
        {},
        new AbortController().signal,
      );
      assert.ok(!answer.answer.startsWith(NOT_FOUND_TEXT), `${question}: ${answer.answer}`);
      assert.ok(answer.citations.length > 0, `${question} cites its sources`);
    }
  } finally {
    await services.close();
    await Deno.remove(dir, { recursive: true });
  }
});
