import assert from "node:assert/strict";
import { parseConfig } from "../lib/config/mod.ts";
import { createServices } from "../lib/app/services.ts";
import { EXTRACTIVE_LABEL } from "../lib/llm/mod.ts";
import { NOT_FOUND_TEXT } from "../lib/rag/mod.ts";

// The no-keys default, end to end: the real ingestion of the bundled sample corpus into
// the embedded sqlite store, retrieval, and the extractive answerer.
Deno.test("with no keys the app answers sample-lore questions from the right pages", async (t) => {
  const dir = await Deno.makeTempDir();
  const config = parseConfig({ DATA_DIR: dir, LOG_LEVEL: "error" });
  const services = await createServices(config);
  const chat = services.state.chat!;
  const ask = (question: string) =>
    chat.answer([{ role: "user", content: question }], {}, new AbortController().signal);
  try {
    const info = await services.state.store!.info();
    assert.ok(info.documents >= 40, `indexed ${info.documents} pages`);

    const cases: [string, RegExp, string][] = [
      ["Who founded the Lantern College?", /Sefa Ambrine/, "Sefa Ambrine"],
      ["Who founded the Lantern College?", /Sefa Ambrine/, "Lantern College"],
    ];
    for (const [question, expected, page] of cases) {
      await t.step(`${question} → ${page}`, async () => {
        const answer = await ask(question);
        assert.equal(answer.error, null);
        assert.ok(answer.answer.startsWith(EXTRACTIVE_LABEL));
        assert.match(answer.answer, expected);
        const cited = answer.sources.filter((s) => answer.citations.includes(s.n));
        assert.ok(cited.some((s) => s.title === page), JSON.stringify(cited.map((s) => s.title)));
        for (const n of answer.answer.match(/\[(\d+)\]/g) ?? []) {
          assert.ok(answer.sources.some((s) => `[${s.n}]` === n), `${n} is a real source`);
        }
      });
    }

    await t.step("an off-topic question gets a plain I don't know", async () => {
      const answer = await ask("What is the capital of France?");
      assert.ok(answer.answer.startsWith(NOT_FOUND_TEXT), answer.answer);
      assert.deepEqual(answer.sources, []);
    });

    await t.step("a follow-up is condensed with the subject of the question before", async () => {
      const answer = await chat.answer(
        [
          { role: "user", content: "Tell me about the Lantern College" },
          { role: "assistant", content: "It is a college of lanternry." },
          { role: "user", content: "Who founded it?" },
        ],
        {},
        new AbortController().signal,
      );
      assert.match(answer.answer, /Sefa Ambrine/);
    });

    await t.step("a second start finds the store filled and does not re-ingest", async () => {
      const again = await createServices(config);
      const info2 = await again.state.store!.info();
      assert.equal(info2.lastIndexedAt, info.lastIndexedAt);
      await again.close();
    });
  } finally {
    await services.close();
    await Deno.remove(dir, { recursive: true });
  }
});
