import assert from "node:assert/strict";
import { createChatSession } from "./chat_session.ts";
import { createHistoryStore, memoryStorage } from "./history.ts";

type Step = [event: string, data: unknown] | number;

/** A fetch answering /api/chat with an SSE body following `script` (numbers are pauses). */
function sseFetch(scripts: Step[][], seen: unknown[] = []): typeof fetch {
  return (_input, init) => {
    seen.push(JSON.parse(String(init?.body)));
    const script = scripts.shift() ?? [];
    const signal = init?.signal ?? undefined;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const abort = () => controller.error(new DOMException("aborted", "AbortError"));
        signal?.addEventListener("abort", abort, { once: true });
        for (const step of script) {
          if (signal?.aborted) return;
          if (typeof step === "number") await new Promise((r) => setTimeout(r, step));
          else {controller.enqueue(
              encoder.encode(`event: ${step[0]}\ndata: ${JSON.stringify(step[1])}\n\n`),
            );}
        }
        signal?.removeEventListener("abort", abort);
        if (!signal?.aborted) controller.close();
      },
    });
    return Promise.resolve(
      new Response(body, { headers: { "content-type": "text/event-stream" } }),
    );
  };
} // deno-fmt-ignore

const SOURCES = [{ n: 1, id: "v#0", title: "Varrow", url: "https://l.example/v", heading: "Varrow", snippet: "s", score: 1 }]; // deno-fmt-ignore
const DONE = { citations: [1], provider: "scripted", model: "m", timings: { totalMs: 5 }, usage: {} };
const ANSWER: Step[] = [["sources", SOURCES], ["token", { text: "Queen " }], ["token", {
  text: "Maelis [1].",
}], ["done", DONE]]; // deno-fmt-ignore

function session(scripts: Step[][], seen: unknown[] = []) {
  let id = 0;
  const store = createHistoryStore(memoryStorage());
  const s = createChatSession({
    fetch: sseFetch(scripts, seen),
    store,
    frame: (fn) => queueMicrotask(fn),
    newId: () => `c${++id}`,
  });
  return { s, store };
}

Deno.test("sending a question streams the answer with its sources and saves the chat", async () => {
  const seen: unknown[] = [];
  const { s, store } = session([ANSWER], seen);
  s.load();
  await s.send("  Who rules Varrow?  ");
  const [q, a] = s.current.value.messages;
  assert.deepEqual(q, { role: "user", content: "Who rules Varrow?" });
  assert.equal(a.content, "Queen Maelis [1].");
  assert.equal(a.status, "done");
  assert.deepEqual(a.citations, [1]);
  assert.equal(a.sources![0].title, "Varrow");
  assert.deepEqual(a.meta, { provider: "scripted", model: "m", totalMs: 5 });
  assert.equal(s.busy.value, false);
  assert.match(s.announcement.value, /^Answer complete\. Queen Maelis\.$/);
  assert.deepEqual(seen, [{ messages: [{ role: "user", content: "Who rules Varrow?" }] }]);
  assert.deepEqual(s.conversations.value.map((c) => c.title), ["Who rules Varrow?"]);
  assert.equal(store.get(s.current.value.id)!.messages.length, 2);
});

Deno.test("follow-ups send the conversation and the chosen options", async () => {
  const seen: { messages: unknown[]; options?: unknown }[] = [];
  const { s } = session([ANSWER, ANSWER], seen as unknown[]);
  await s.send("Who rules Varrow?");
  s.options.value = { provider: "openai", temperature: 0.5, model: "" };
  await s.send("And before?");
  assert.equal(seen[1].messages.length, 3);
  assert.deepEqual(seen[1].options, { provider: "openai", temperature: 0.5 });
});

Deno.test("stop keeps the partial answer, marked stopped, and frees the composer", async () => {
  const { s } = session([[["sources", SOURCES], ["token", { text: "Queen" }], 5_000, ["token", {
    text: " late",
  }]]]);
  const pending = s.send("Who?");
  while (!s.current.value.messages[1]?.content) await new Promise((r) => setTimeout(r, 5));
  assert.equal(s.busy.value, true);
  s.stop();
  await pending;
  const a = s.current.value.messages[1];
  assert.equal(a.content, "Queen");
  assert.equal(a.status, "stopped");
  assert.equal(s.busy.value, false);
  assert.equal(s.announcement.value, "Answer stopped.");
});

Deno.test("an error event shows its message; regenerate retries the same question", async () => {
  const seen: { messages: unknown[] }[] = [];
  const { s } = session(
    [[["error", { code: "rate_limited", message: "Slow down." }]], ANSWER],
    seen as unknown[],
  );
  await s.send("Who?");
  assert.deepEqual(s.current.value.messages[1].error, {
    code: "rate_limited",
    message: "Slow down.",
  });
  assert.equal(s.current.value.messages[1].status, "error");
  await s.regenerate();
  assert.equal(s.current.value.messages.length, 2);
  assert.equal(s.current.value.messages[1].status, "done");
  assert.deepEqual(seen[1].messages, [{ role: "user", content: "Who?" }]);
}); // deno-fmt-ignore

Deno.test("refused requests and network failures become inline errors", async (t) => {
  await t.step("HTTP 429 with a JSON error", async () => {
    const s = createChatSession({
      store: createHistoryStore(memoryStorage()),
      fetch: () => Promise.resolve(Response.json({ error: { code: "rate_limited", message: "Too many questions." } }, { status: 429 })),
    });
    await s.send("Who?");
    assert.deepEqual(s.current.value.messages[1].error, { code: "rate_limited", message: "Too many questions." });
  });
  await t.step("fetch rejects", async () => {
    const s = createChatSession({
      store: createHistoryStore(memoryStorage()),
      fetch: () => Promise.reject(new TypeError("Failed to fetch")),
    });
    await s.send("Who?");
    assert.equal(s.current.value.messages[1].error?.code, "network");
  });
  await t.step("the stream ends without done", async () => {
    const { s } = session([[["token", { text: "Half" }]]]);
    await s.send("Who?");
    assert.equal(s.current.value.messages[1].status, "error");
    assert.equal(s.current.value.messages[1].content, "Half");
  });
}); // deno-fmt-ignore

Deno.test("edit-and-resend replaces the last question and its answer", async () => {
  const seen: { messages: { content: string }[] }[] = [];
  const { s } = session([ANSWER, ANSWER, ANSWER], seen as unknown[]);
  await s.send("First?");
  await s.send("Secnd?");
  await s.editLast("Second?");
  assert.deepEqual(s.current.value.messages.map((m) => m.content), ["First?", "Queen Maelis [1].", "Second?", "Queen Maelis [1]."]);
  assert.deepEqual(seen[2].messages.map((m) => m.content), ["First?", "Queen Maelis [1].", "Second?"]);
}); // deno-fmt-ignore

Deno.test("new, open, rename, remove and clear manage saved conversations", async () => {
  const { s, store } = session([ANSWER, ANSWER]);
  await s.send("One?");
  const first = s.current.value.id;
  s.newChat();
  assert.equal(s.current.value.messages.length, 0);
  await s.send("Two?");
  assert.deepEqual(s.conversations.value.map((c) => c.title), ["Two?", "One?"]);
  s.open(first);
  assert.equal(s.current.value.messages[0].content, "One?");
  s.rename(first, "Renamed");
  assert.equal(s.current.value.title, "Renamed");
  s.remove(first);
  assert.equal(s.current.value.messages.length, 0);
  assert.deepEqual(s.conversations.value.map((c) => c.title), ["Two?"]);
  s.clearAll();
  assert.deepEqual(store.list(), []);
});

Deno.test("switching chats mid-stream stops the answer and keeps it in its own chat", async () => {
  const { s, store } = session([[["token", { text: "Part" }], 5_000, ["token", { text: "late" }]]]);
  const pending = s.send("Slow?");
  while (!s.current.value.messages[1]?.content) await new Promise((r) => setTimeout(r, 5));
  const id = s.current.value.id;
  s.newChat();
  await pending;
  assert.equal(s.current.value.messages.length, 0);
  assert.deepEqual(store.get(id)!.messages.map((m) => m.status), [undefined, "stopped"]);
});

Deno.test("a server-rendered answer is adopted into history once the browser loads", () => {
  const store = createHistoryStore(memoryStorage());
  const s = createChatSession({
    store,
    initial: [{ role: "user", content: "Q" }, { role: "assistant", content: "A", status: "done" }],
  });
  s.load();
  assert.deepEqual(store.list().map((c) => c.title), ["Q"]);
});

Deno.test("a chat remembers its collection: sent with each question, kept in history", async () => {
  const seen: unknown[] = [];
  const store = createHistoryStore(memoryStorage());
  const reader = { ...SOURCES[0], reader: "/c/lantern/sources/v#chunk-0" };
  const lantern = createChatSession({
    fetch: sseFetch([[["sources", [reader]], ...ANSWER.slice(1)]], seen),
    store,
    collection: "lantern",
    frame: (fn) => fn(),
  });
  await lantern.send("Who rules Varrow?");
  assert.equal((seen[0] as { collection?: string }).collection, "lantern");
  const saved = store.get(lantern.current.value.id)!;
  assert.equal(saved.collection, "lantern");
  assert.equal(saved.messages[1].sources?.[0].reader, "/c/lantern/sources/v#chunk-0");

  // Opened from another collection's page, the chat still asks its own collection.
  const elsewhere = createChatSession({
    fetch: sseFetch([ANSWER], seen),
    store,
    frame: (fn) => fn(),
  });
  elsewhere.load();
  elsewhere.open(saved.id);
  await elsewhere.send("And who founded it?");
  assert.equal((seen[1] as { collection?: string }).collection, "lantern");
});

Deno.test("reader links are kept only when they point at this site's reader", () => {
  const bad = createHistoryStore(memoryStorage());
  bad.save({
    id: "x",
    title: "t",
    createdAt: 1,
    updatedAt: 1,
    messages: [{ role: "user", content: "q" }, {
      role: "assistant",
      content: "a",
      sources: [
        { ...SOURCES[0], reader: "javascript:alert(1)" },
        { ...SOURCES[0], n: 2, reader: "/c/lore/sources/p%2Fq#chunk-3" },
      ],
    }],
  });
  const sources = bad.get("x")!.messages[1].sources!;
  assert.equal(sources[0].reader, undefined);
  assert.equal(sources[1].reader, "/c/lore/sources/p%2Fq#chunk-3");
});
