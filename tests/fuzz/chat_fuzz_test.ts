import assert from "node:assert/strict";
import fc from "fast-check";
import { createChatService } from "../../lib/rag/mod.ts";
import { memoryStore, scriptedProvider } from "../support/doubles.ts";
import { startTestServer } from "../support/server.ts";

const SEED = 8_2026;
const RUNS = 250;

/** Text with anything in it: any code point, lone surrogates, controls, bidi marks, emoji. */
const weirdText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(
    "\ud800",
    "\udfff",
    "a\ud83d",
    "\u0000",
    "\u202e",
    "\ufeff",
    "\r\n\r\n",
    "🐉".repeat(500),
  ),
  fc.constant("Who rules Varrow?"),
); // deno-fmt-ignore

/** Numbers JSON can spell but JavaScript may not hold: huge, tiny, negative zero, long. */
const wildNumber = fc.constantFrom("1e400", "-1e400", "-0", "5e-324", "123456789012345678901234567890", "0.1", "16", "2"); // deno-fmt-ignore

const role = fc.oneof(
  { weight: 4, arbitrary: fc.constant("user") },
  { weight: 1, arbitrary: fc.constantFrom("assistant", "system", "tool", "", "USER", "__proto__") },
);
const content = fc.oneof(
  { weight: 4, arbitrary: weirdText.map((s) => JSON.stringify(s)) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      wildNumber,
      fc.constant("null"),
      fc.constant('[{"type":"text","text":"Varrow?"}]'),
    ),
  },
); // deno-fmt-ignore
const question = fc.oneof(
  fc.constant("Who rules Varrow?"),
  weirdText.map((t) => `Who rules Varrow? ${t}`),
);
/** Mostly conversations that end with a user question (they reach the model), some not. */
const messages = fc
  .tuple(
    fc.array(fc.tuple(role, content), { maxLength: 3 }),
    fc.option(question.map((q) => JSON.stringify(q)), { freq: 4 }),
  )
  .map(([ms, last]) => [...ms, ...(last === null ? [] : [["user", last] as const])])
  .map((ms) => `[${ms.map(([r, c]) => `{"role":${JSON.stringify(r)},"content":${c}}`).join(",")}]`);
/** `,"key":value` one time in three, else nothing. */
const maybe = (key: string, value: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: value.map((v) => `,"${key}":${v}`) },
  );

/** A body shaped like a `/api/chat` request, written as text so it can carry any number. */
const chatShaped = fc
  .tuple(messages, maybe("temperature", wildNumber), maybe("maxTokens", wildNumber))
  .map(([m, temperature, maxTokens]) =>
    `{"messages":${m},"options":{${`${temperature}${maxTokens}`.slice(1)}}}`
  );

/** A body shaped like a Chat Completions request. */
const completionShaped = fc
  .tuple(
    messages,
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom("lorechat", "lorechat/scripted") },
      { weight: 1, arbitrary: fc.constantFrom("lorechat/nope", "gpt-4", "", "lorechat/") },
    ),
    maybe("stream", fc.constantFrom("true", "false", "null", '"yes"')),
    maybe("temperature", wildNumber),
    maybe("max_tokens", wildNumber),
  )
  .map(([m, model, ...rest]) =>
    `{"model":${JSON.stringify(model)},"messages":${m}${rest.join("")}}`
  );

/** Deep nesting of arrays or objects around (or instead of) the messages. */
const deeplyNested = fc
  .tuple(fc.integer({ min: 100, max: 60_000 }), fc.boolean(), fc.boolean())
  .map(([depth, objects, closed]) => {
    const open = objects ? '{"a":' : "[";
    const close = objects ? "}" : "]";
    return `{"messages":${open.repeat(depth)}1${closed ? close.repeat(depth) : ""}}`;
  });

const body = (shaped: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: deeplyNested },
  );
const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant("application/json") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "application/vnd.lore+json",
      "text/plain",
      "",
    ),
  },
); // deno-fmt-ignore
const accept = fc.constantFrom("text/event-stream", "application/json", "*/*", "");

async function withServer(fn: (url: (path: string) => URL) => Promise<void>) {
  const chat = createChatService({
    store: memoryStore([{ id: "varrow", title: "Varrow", text: "Queen Maelis rules Varrow." }]),
    embedder: null,
    providers: { scripted: scriptedProvider({ tokens: ["Queen ", "Maelis ", "[1]."] }) },
    defaultProvider: "scripted",
    retrieval: { topK: 4, maxPerPage: 2, minScore: 0 },
    maxTokens: 256,
    temperature: 0.2,
  });
  const server = await startTestServer({ state: { chat } });
  try {
    await fn((path) => new URL(path, server.url));
  } finally {
    await server.close();
  }
}

/** Parses SSE blocks; throws when a block is not `event:`/`data:` lines. */
function sseBlocks(text: string): { event: string; data: string }[] {
  return text.split("\n\n").filter((b) => b.trim() && !b.startsWith(":")).map((block) => {
    const event = /^event: (.+)$/m.exec(block)?.[1] ?? "message";
    const data = /^data: (.*)$/m.exec(block)?.[1];
    assert.ok(data !== undefined, `malformed SSE block ${JSON.stringify(block)}`);
    return { event, data };
  });
}

async function send(url: URL, payload: string, type: string, acceptHeader: string) {
  const headers: Record<string, string> = {};
  if (type) headers["content-type"] = type;
  if (acceptHeader) headers.accept = acceptHeader;
  const res = await fetch(url, { method: "POST", headers, body: payload });
  return { res, text: await res.text() };
}

Deno.test("POST /api/chat answers any body with a JSON reason or a well-formed stream, never a 500", async () => {
  const statuses = new Map<number, number>();
  await withServer(async (url) => {
    await fc.assert(
      fc.asyncProperty(
        body(chatShaped),
        contentType,
        accept,
        async (payload, type, acceptHeader) => {
          const { res, text } = await send(url("/api/chat"), payload, type, acceptHeader);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          assert.ok(res.status < 500 || res.status === 502, `status ${res.status}: ${text}`);
          const kind = res.headers.get("content-type") ?? "";
          if (res.status >= 400) {
            assert.match(kind, /application\/json/);
            const error = JSON.parse(text).error;
            assert.equal(typeof error.code, "string");
            assert.ok(error.message.length > 0, "a reason is given");
          } else if (kind.startsWith("text/event-stream")) {
            const events = sseBlocks(text);
            for (const e of events) JSON.parse(e.data);
            assert.ok(["done", "error"].includes(events.at(-1)!.event), text);
          } else {
            assert.equal(typeof JSON.parse(text).answer, "string");
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
  // The run must reach the model often, not only bounce off validation.
  assert.ok((statuses.get(200) ?? 0) >= RUNS / 10, JSON.stringify([...statuses]));
});

Deno.test("POST /v1/chat/completions answers any body with an OpenAI error or a valid completion, never a 500", async () => {
  const statuses = new Map<number, number>();
  await withServer(async (url) => {
    await fc.assert(
      fc.asyncProperty(body(completionShaped), contentType, async (payload, type) => {
        const { res, text } = await send(url("/v1/chat/completions"), payload, type, "");
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status < 500 || res.status === 502, `status ${res.status}: ${text}`);
        const kind = res.headers.get("content-type") ?? "";
        if (res.status >= 400) {
          // OpenAI's shape from the route; the app-wide body limit (413) answers in ours.
          const error = JSON.parse(text).error;
          assert.ok(error.message.length > 0, text);
          assert.equal(typeof (error.type ?? error.code), "string", text);
        } else if (kind.startsWith("text/event-stream")) {
          const events = sseBlocks(text);
          assert.equal(events.at(-1)!.data, "[DONE]");
          for (const e of events.slice(0, -1)) JSON.parse(e.data);
        } else {
          assert.equal(JSON.parse(text).object, "chat.completion");
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  // The run must reach the model often, not only bounce off validation.
  assert.ok((statuses.get(200) ?? 0) >= RUNS / 10, JSON.stringify([...statuses]));
});

Deno.test("malformed UTF-8 in a body is refused or replaced, never passed on raw", async (t) => {
  const ascii = fc.stringMatching(/^[A-Za-z ?]{0,40}$/);
  const invalid = fc.constantFrom(
    [0xff],
    [0xc0, 0xaf], // overlong "/"
    [0xed, 0xa0, 0x80], // an encoded surrogate
    [0xf8, 0x88, 0x80, 0x80, 0x80], // a five-byte form
    [0xe2, 0x82], // truncated
    [0x80],
  );
  await withServer(async (url) => {
    await t.step("bad bytes anywhere: a JSON error with a reason", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 0, maxLength: 200 }),
          invalid,
          fc.constantFrom("/api/chat", "/v1/chat/completions"),
          async (bytes, bad, path) => {
            const res = await fetch(url(path), {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: new Uint8Array([...bad, ...bytes]),
            });
            const json = await res.json();
            assert.equal(res.status, 400);
            assert.ok(json.error.message.length > 0);
          },
        ),
        { seed: SEED, numRuns: 60 },
      );
    });
    await t.step("bad bytes inside a question: decoded as U+FFFD, answered", async () => {
      const encoder = new TextEncoder();
      await fc.assert(
        fc.asyncProperty(ascii, invalid, ascii, async (before, bad, after) => {
          const payload = new Uint8Array([
            ...encoder.encode(`{"messages":[{"role":"user","content":"Who rules Varrow? ${before}`),
            ...bad,
            ...encoder.encode(`${after}"}]}`),
          ]);
          const res = await fetch(url("/api/chat"), {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: payload,
          });
          assert.equal(res.status, 200);
          const events = sseBlocks(await res.text());
          const done = JSON.parse(events.at(-1)!.data);
          assert.ok(done.question.includes("\ufffd"), done.question);
          assert.ok(done.question.isWellFormed());
        }),
        { seed: SEED, numRuns: 40 },
      );
    });
  });
});
