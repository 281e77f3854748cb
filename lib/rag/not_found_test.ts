import assert from "node:assert/strict";
import { isNotFoundAnswer, NOT_FOUND_TEXT, notFoundAnswer } from "./not_found.ts";
import { chatTurn } from "./turn.ts";
import { createExtractiveProvider } from "../llm/extractive.ts";
import type { ChatDeps, ChatEvent } from "./turn.ts";
import type { QueryHit, VectorStore } from "../vectorstore/store.ts";

const CLOSEST = [{ title: "Hollin Keep", url: "https://lore.example/Hollin_Keep" }];

Deno.test("the not-found answer is written in the question's language", async (t) => {
  const cases: [string, string, RegExp][] = [
    ["en", "Who built the bridge at Hollin Keep?", /^I don't know/],
    ["de", "Wer hat die Brücke bei Hollin Keep gebaut?", /^Das weiß ich nicht/],
    ["fr", "Qui a construit le pont de Hollin Keep ?", /^Je ne sais pas/],
    ["es", "¿Quién construyó el puente de Hollin Keep?", /^No lo sé/],
    ["ja", "ホリン砦の橋を建てたのは誰ですか？", /^わかりません/],
    ["zh", "谁建造了霍林堡的桥？", /^我不知道/],
    ["ko", "홀린 성의 다리는 누가 지었습니까?", /^모르겠습니다/],
    ["ru", "Кто построил мост у Холлин-Кипа?", /^Не знаю/],
  ];
  for (const [lang, question, lead] of cases) {
    await t.step(lang, () => {
      const none = notFoundAnswer(question, []);
      const some = notFoundAnswer(question, CLOSEST);
      assert.match(none, lead);
      assert.match(some, lead);
      assert.ok(some.includes("[Hollin Keep](https://lore.example/Hollin_Keep)"), some);
      assert.notEqual(none, some);
      assert.ok(isNotFoundAnswer(none) && isNotFoundAnswer(some));
    });
  }
  await t.step("too short to tell, or a language without a wording: English", () => {
    assert.ok(notFoundAnswer("?", []).startsWith(NOT_FOUND_TEXT));
    assert.ok(notFoundAnswer("Kuka rakensi sillan Hollin Keepiin?", []).startsWith(NOT_FOUND_TEXT));
  });
  await t.step("an answer is not a not-found answer", () => {
    assert.equal(isNotFoundAnswer("Queen Maelis built it [1]."), false);
  });
});

/** A store that finds nothing: every question is off-topic. */
function emptyStore(): VectorStore {
  return {
    query: (): Promise<QueryHit[]> => Promise.resolve([]),
  } as unknown as VectorStore;
}

Deno.test("a chat turn that finds nothing says so in the question's language", async () => {
  const deps = {
    store: emptyStore(),
    embedder: null,
    providers: { extractive: createExtractiveProvider() },
    defaultProvider: "extractive",
    retrieval: { topK: 6, maxPerPage: 2, minScore: 0 },
    maxTokens: 100,
    temperature: 0,
  } as unknown as ChatDeps;
  const question = "Wer hat die Brücke bei Hollin Keep gebaut?";
  const events: ChatEvent[] = [];
  const turn = chatTurn(
    [{ role: "user", content: question }],
    {},
    deps,
    new AbortController().signal,
  );
  for await (const e of turn) events.push(e);
  const text = events.flatMap((e) => e.event === "token" ? [e.data.text] : []).join("");
  assert.ok(text.startsWith("Das weiß ich nicht"), JSON.stringify(events));
});
