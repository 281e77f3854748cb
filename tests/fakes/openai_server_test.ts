import assert from "node:assert/strict";
import { startFakeOpenAi } from "./openai_server.ts";

Deno.test("the OpenAI fake streams SSE chunks, a usage chunk and [DONE]", async () => {
  const fake = await startFakeOpenAi({ tokens: ["Hi", "!"] });
  try {
    const response = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", stream: true, stream_options: { include_usage: true } }),
    });
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    const events = (await response.text()).split("\n\n").filter(Boolean);
    assert.ok(events.every((e) => e.startsWith("data: ")));
    assert.equal(events.at(-1), "data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    assert.deepEqual(
      chunks.map((c) => c.choices[0]?.delta?.content ?? null).filter((t) => t),
      ["Hi", "!"],
    );
    assert.equal(chunks.at(-2).choices[0].finish_reason, "stop");
    assert.deepEqual(chunks.at(-1).choices, []);
    assert.equal(chunks.at(-1).usage.completion_tokens, 2);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI fake answers JSON, models and embeddings", async (t) => {
  const fake = await startFakeOpenAi({ tokens: ["a", "b"], models: ["x", "y"] });
  try {
    await t.step("a non-streaming completion", async () => {
      const body = await (await fetch(`${fake.url}/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ model: "m" }),
      })).json();
      assert.equal(body.choices[0].message.content, "ab");
    });
    await t.step("the model list", async () => {
      const body = await (await fetch(`${fake.url}/models`)).json();
      assert.deepEqual(body.data.map((m: { id: string }) => m.id), ["x", "y"]);
    });
    await t.step("embeddings as floats and as base64 float32", async () => {
      const post = (format: string) =>
        fetch(`${fake.url}/embeddings`, {
          method: "POST",
          body: JSON.stringify({ input: ["same"], dimensions: 4, encoding_format: format }),
        }).then((r) => r.json());
      const floats = (await post("float")).data[0].embedding as number[];
      const base64 = (await post("base64")).data[0].embedding as string;
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const decoded = [...new Float32Array(bytes.buffer)];
      assert.equal(floats.length, 4);
      decoded.forEach((v, i) => assert.ok(Math.abs(v - floats[i]) < 1e-6));
    });
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI fake plays its script in order", async () => {
  const fake = await startFakeOpenAi({ chat: ["429", "500"] });
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${fake.url}/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ model: "m" }),
      });
      await response.body?.cancel();
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [429, 500, 200]);
    assert.equal(fake.requests.length, 3);
  } finally {
    await fake.close();
  }
});

Deno.test("the OpenAI fake holds a stream after holdAfter tokens until resume settles", async () => {
  const held = Promise.withResolvers<void>();
  const fake = await startFakeOpenAi({
    chat: [{ tokens: ["a", "b", "c"], holdAfter: 2, resume: held.promise }],
  });
  try {
    const response = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", stream: true }),
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes('"b"')) text += (await reader.read()).value ?? "";
    // Nothing more arrives while the stream is held.
    const next = reader.read();
    const early = await Promise.race([
      next.then(() => "more"),
      new Promise((resolve) => setTimeout(resolve, 100, "held")),
    ]);
    assert.equal(early, "held");
    assert.ok(!text.includes('"c"'));
    held.resolve();
    for (let r = await next; !r.done; r = await reader.read()) text += r.value;
    assert.ok(text.includes('"c"') && text.endsWith("data: [DONE]\n\n"));
  } finally {
    await fake.close();
  }
});
