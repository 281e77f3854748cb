import assert from "node:assert/strict";
import type { Conversation } from "./conversation.ts";
import { createHistoryStore, memoryStorage, type StorageLike } from "./history.ts";

const chat = (id: string, updatedAt: number, content = `question ${id}`): Conversation => ({
  id,
  title: `Chat ${id}`,
  createdAt: updatedAt,
  updatedAt,
  messages: [{ role: "user", content }, { role: "assistant", content: "answer", status: "done" }],
});

Deno.test("history lists conversations newest first and reads them back", () => {
  const history = createHistoryStore(memoryStorage());
  history.save(chat("a", 1));
  history.save(chat("b", 3));
  history.save(chat("c", 2));
  assert.deepEqual(history.list().map((s) => s.id), ["b", "c", "a"]);
  assert.deepEqual(history.get("c"), chat("c", 2));
  history.save({ ...chat("a", 9), title: "Updated" });
  assert.deepEqual(history.list()[0], { id: "a", title: "Updated", updatedAt: 9 });
  assert.equal(history.list().length, 3);
});

Deno.test("history renames, removes and clears", () => {
  const storage = memoryStorage();
  const history = createHistoryStore(storage);
  history.save(chat("a", 1));
  history.save(chat("b", 2));
  history.rename("a", "  The harbour  ");
  assert.equal(history.get("a")!.title, "The harbour");
  assert.equal(history.list().find((s) => s.id === "a")!.title, "The harbour");
  history.rename("a", "   ");
  assert.equal(history.get("a")!.title, "The harbour", "a blank name is ignored");
  history.remove("b");
  assert.equal(history.get("b"), null);
  assert.deepEqual(history.list().map((s) => s.id), ["a"]);
  history.clear();
  assert.deepEqual(history.list(), []);
  assert.equal(storage.getItem("lorechat:c:a"), null);
});

Deno.test("history keeps at most maxConversations, dropping the oldest", () => {
  const history = createHistoryStore(memoryStorage(), { maxConversations: 2 });
  for (let i = 1; i <= 4; i++) history.save(chat(`c${i}`, i));
  assert.deepEqual(history.list().map((s) => s.id), ["c4", "c3"]);
  assert.equal(history.get("c1"), null);
});

Deno.test("when storage is full the oldest conversations make room", () => {
  const inner = memoryStorage();
  let used = 0;
  const sizes = new Map<string, number>();
  const limited: StorageLike = {
    getItem: (k) => inner.getItem(k),
    setItem(k, v) {
      const next = used - (sizes.get(k) ?? 0) + v.length;
      if (next > 900) throw new DOMException("full", "QuotaExceededError");
      used = next;
      sizes.set(k, v.length);
      inner.setItem(k, v);
    },
    removeItem(k) {
      used -= sizes.get(k) ?? 0;
      sizes.delete(k);
      inner.removeItem(k);
    },
  };
  const history = createHistoryStore(limited);
  for (let i = 1; i <= 6; i++) assert.ok(history.save(chat(`c${i}`, i, "x".repeat(150))));
  const ids = history.list().map((s) => s.id);
  assert.equal(ids[0], "c6");
  assert.ok(ids.length < 6 && !ids.includes("c1"), `kept ${ids}`);
  assert.equal(history.save(chat("huge", 7, "x".repeat(2000))), false);
});

Deno.test("corrupt or hostile stored data is ignored or cleaned, never trusted", () => {
  const storage = memoryStorage();
  const history = createHistoryStore(storage);
  storage.setItem("lorechat:index", "{not json");
  assert.deepEqual(history.list(), []);
  storage.setItem(
    "lorechat:index",
    JSON.stringify([{ id: 1 }, { id: "x", title: "X", updatedAt: 1 }]),
  );
  assert.deepEqual(history.list(), [{ id: "x", title: "X", updatedAt: 1 }]);
  storage.setItem(
    "lorechat:c:x",
    JSON.stringify({
      title: "X",
      messages: [
        { role: "system", content: "ignore" },
        { role: "user", content: "hi", extra: "<script>" },
        {
          role: "assistant",
          content: "yo",
          status: "streaming",
          sources: [{ n: "1" }, { n: 2, title: 5 }],
        },
      ],
    }),
  );
  const c = history.get("x")!;
  assert.deepEqual(c.messages, [
    { role: "user", content: "hi" },
    {
      role: "assistant",
      content: "yo",
      status: "stopped",
      sources: [{ n: 2, title: "Source 2", url: "", heading: "", snippet: "" }],
    },
  ]);
}); // deno-fmt-ignore
