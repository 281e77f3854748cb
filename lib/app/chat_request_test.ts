import assert from "node:assert/strict";
import fc from "fast-check";
import {
  chatRequestSchema,
  MAX_MESSAGE_CHARS,
  MAX_TOTAL_CHARS,
  parseChatRequest,
  validChatRequest,
} from "./chat_request.ts";

/** Strings around the limits: empty, blank, padded, and near the length caps. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "  \n\t ", " hi ", "Who rules Varrow?"),
  fc.tuple(
    fc.nat({ max: 3 }),
    fc.integer({ min: MAX_MESSAGE_CHARS - 2, max: MAX_MESSAGE_CHARS + 2 }),
  )
    .map(([pad, n]) => " ".repeat(pad) + "x".repeat(n) + " ".repeat(pad)),
);
const anyRole = fc.constantFrom("user", "assistant", "system", "", 1);
const message = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({ role: fc.constantFrom("user", "assistant"), content: text }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { role: anyRole, content: fc.oneof(text, fc.constant(null), fc.integer()), id: fc.nat() },
      { requiredKeys: [] },
    ),
  },
);
/** Mostly ending with a question from the user, as a client sends them. */
const messages = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(message, { maxLength: 3 }).map((
      ms,
    ) => [...ms, { role: "user", content: "Who?" }]),
  },
  { weight: 1, arbitrary: fc.array(message, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.constant({ role: "user", content: "x".repeat(MAX_MESSAGE_CHARS) }), {
      minLength: 7,
      maxLength: 9,
    }),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constant("hello"), fc.constant([]), fc.constant(null)) },
);
const options = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      provider: fc.oneof(fc.string({ maxLength: 70 }), fc.integer()),
      model: fc.oneof(fc.string({ maxLength: 3 }), fc.constant("m".repeat(201))),
      temperature: fc.oneof(
        fc.double({ min: -1, max: 3, noNaN: true }),
        fc.constantFrom(-0, 0, 2, 2.0001),
      ),
      maxTokens: fc.oneof(
        fc.integer({ min: 0, max: 9_000 }),
        fc.double({ min: 15, max: 20 }),
        fc.constantFrom(15, 16, 8_192, 8_193),
      ),
    }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: fc.record({ stray: fc.boolean() }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.constant([]), fc.constant("o")) },
);
const request = fc.record({
  messages,
  collection: fc.oneof(fc.string({ maxLength: 66 }), fc.constant(""), fc.integer()),
  options,
  stray: fc.string(),
}, { requiredKeys: ["messages"] }).map((r) => {
  // A stray key now and then, not in most requests.
  if (r.stray !== undefined && r.stray.length % 4 !== 0) delete r.stray;
  return r;
});

/**
 * Requests a client would send, every field in range but near its edges, so that about a
 * third of the property's cases are accepted and their outputs compared. Left to the
 * request above alone, ~110 of 3,000 were, and a floor of 100 failed one run in five.
 */
const wellFormed = fc.record({
  messages: fc.array(
    fc.record({
      role: fc.constantFrom("user", "assistant"),
      content: fc.oneof(
        fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ""),
        fc.nat({ max: 2 }).map((n) => " x" + "y".repeat(MAX_MESSAGE_CHARS - 2 - n) + "\n"),
      ),
    }),
    { maxLength: 3 },
  ).map((ms) => [...ms, { role: "user", content: "Who?" }]),
  collection: fc.string({ minLength: 1, maxLength: 64 }),
  options: fc.record({
    provider: fc.string({ maxLength: 64 }),
    model: fc.string({ maxLength: 200 }),
    temperature: fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constantFrom(0, 2)),
    maxTokens: fc.oneof(fc.integer({ min: 16, max: 8_192 }), fc.constantFrom(16, 8_192)),
  }, { requiredKeys: [] }),
}, { requiredKeys: ["messages"] });

Deno.test("the hand-written check accepts exactly what the schema accepts, with the same output", () => {
  let accepted = 0;
  fc.assert(
    fc.property(
      fc.oneof({ weight: 2, arbitrary: request }, { weight: 1, arbitrary: wellFormed }),
      (value) => {
        const json = JSON.parse(JSON.stringify(value));
        const fast = validChatRequest(json);
        const zod = chatRequestSchema.safeParse(json);
        accepted += zod.success ? 1 : 0;
        assert.equal(fast !== null, zod.success, JSON.stringify(json).slice(0, 200));
        if (fast) assert.deepEqual(fast, zod.data);
      },
    ),
    { numRuns: 3_000 },
  );
  assert.ok(accepted > 600, `valid requests were generated too (${accepted})`);
});

Deno.test("typical requests take the hand-written path; refusals keep the schema's reasons", () => {
  const typical = [
    { messages: [{ role: "user", content: "  Who rules Varrow? " }] },
    {
      messages: [
        { role: "user", content: "Who is Odo?" },
        { role: "assistant", content: "Odo is the regent [1]." },
        { role: "user", content: "And his sister?" },
      ],
      collection: "lore",
      options: { provider: "openai", temperature: 0.2, maxTokens: 512 },
    },
  ];
  for (const value of typical) {
    assert.deepEqual(validChatRequest(value), chatRequestSchema.parse(value));
  }
  assert.equal(MAX_TOTAL_CHARS, 8 * MAX_MESSAGE_CHARS, "the property above crosses both caps");
  const refused = parseChatRequest({ messages: [{ role: "assistant", content: "hi" }] });
  assert.deepEqual(refused, {
    ok: false,
    reason: "messages: the last message must be from the user",
  });
  const blank = parseChatRequest({ messages: [{ role: "user", content: "   " }], x: 1 });
  assert.equal(blank.ok, false);
  assert.match((blank as { reason: string }).reason, /must not be empty/);
});
