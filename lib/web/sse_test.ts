import assert from "node:assert/strict";
import { keepAlive, keepAliveTimers } from "./keep_alive.ts";
import { encodeSseEvent, sseBuffer, sseResponse } from "./sse.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("encodeSseEvent frames one event with its data as one JSON line", () => {
  assert.equal(
    text(encodeSseEvent({ event: "token", data: { text: "a\nb\r" } })),
    'event: token\ndata: {"text":"a\\nb\\r"}\n\n',
  );
  assert.equal(
    text(encodeSseEvent({ event: "done", data: 1, id: "7" })),
    "id: 7\nevent: done\ndata: 1\n\n",
  );
});

Deno.test("encodeSseEvent keeps line breaks out of the event name and id", () => {
  assert.equal(
    text(encodeSseEvent({ event: "to\nken\r", data: null, id: "1\r\n2" })),
    "id: 12\nevent: token\ndata: null\n\n",
  );
});

async function* events(count: number, pauseEvery = 0) {
  for (let i = 0; i < count; i++) {
    if (pauseEvery && i > 0 && i % pauseEvery === 0) await new Promise((r) => setTimeout(r, 5));
    yield { event: "token", data: i };
  }
}

Deno.test("sseBuffer sends events that are ready together as one chunk", async () => {
  const buffer = sseBuffer(events(50)[Symbol.asyncIterator]());
  const first = await buffer.take();
  assert.equal(first.done, true);
  assert.equal(first.text.match(/event: token/g)?.length, 50);
  assert.ok(first.text.endsWith("event: token\ndata: 49\n\n"));
});

Deno.test("sseBuffer never waits for an event that is not ready", async () => {
  const buffer = sseBuffer(events(6, 3)[Symbol.asyncIterator]());
  const takes: string[] = [];
  for (let t = await buffer.take();; t = await buffer.take()) {
    if (t.text) takes.push(t.text);
    if (t.done) break;
  }
  assert.deepEqual(takes.map((t) => t.match(/event: token/g)?.length), [3, 3]);
});

Deno.test("sseBuffer pauses reading while its buffer is full", async () => {
  let read = 0;
  async function* counted() {
    for (let i = 0; i < 100; i++) {
      read++;
      yield { event: "token", data: "x".repeat(100) };
    }
  }
  const buffer = sseBuffer(counted()[Symbol.asyncIterator](), 1_000);
  const first = await buffer.take();
  assert.ok(first.text.length >= 1_000 && first.text.length < 1_200, `${first.text.length}`);
  assert.ok(read < 20, `read ${read} events ahead`);
  buffer.stop();
});

Deno.test("sseBuffer hands over the events before an error, then the error", async () => {
  async function* failing() {
    yield { event: "token", data: 1 };
    throw new Error("boom");
  }
  const buffer = sseBuffer(failing()[Symbol.asyncIterator]());
  const take = await buffer.take();
  assert.match(take.text, /data: 1/);
  assert.equal(take.done, true);
  assert.match(String(take.error), /boom/);
});

Deno.test("sseResponse streams every event of a turn, in order", async () => {
  const body = await sseResponse(events(120, 40)).text();
  const data = [...body.matchAll(/data: (\d+)/g)].map((m) => Number(m[1]));
  assert.deepEqual(data, Array.from({ length: 120 }, (_, i) => i));
});

Deno.test("sseBuffer reads nothing before the first take", async () => {
  let started = false;
  async function* lazy() {
    started = true;
    yield { event: "token", data: 1 };
  }
  const buffer = sseBuffer(lazy()[Symbol.asyncIterator]());
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(started, false);
  assert.match((await buffer.take()).text, /data: 1/);
  assert.equal(started, true);
});

Deno.test("sseResponse calls onClose once when the events end, or when the client leaves", async () => {
  let closed = 0;
  const ended = sseResponse(events(3), { onClose: () => closed++ });
  assert.equal((await ended.text()).match(/event: token/g)?.length, 3);
  assert.equal(closed, 1, "after the last event");
  let left = 0;
  async function* endless() {
    for (let i = 0;; i++) {
      yield { event: "token", data: i };
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  const reader = sseResponse(endless(), { onClose: () => left++ }).body!.getReader();
  await reader.read();
  assert.equal(left, 0, "not while the stream is open");
  await reader.cancel();
  assert.equal(left, 1, "when the client cancels");
});

Deno.test("an idle stream gets a keep-alive comment every keepAliveMs, from one timer for all streams", async () => {
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  async function* slow() {
    yield { event: "token", data: 0 };
    await finished;
    yield { event: "token", data: 1 };
  }
  // The pings' timer is unref'd (a server's connections keep it alive): this keeps the test's.
  const alive = setTimeout(() => {}, 10_000);
  const readers = [
    sseResponse(slow(), { keepAliveMs: 10 }).body!.getReader(),
    sseResponse(slow(), { keepAliveMs: 10 }).body!.getReader(),
  ];
  assert.equal(keepAliveTimers().get(10), 2, "both streams share one timer");
  const decoder = new TextDecoder();
  for (const reader of readers) {
    let text = "";
    while (!text.includes(": keep-alive\n\n")) {
      text += decoder.decode((await reader.read()).value);
    }
  }
  finish();
  for (const reader of readers) {
    while (!(await reader.read()).done) { /* the rest */ }
  }
  const stream = sseResponse(slow(), { keepAliveMs: 10 }).body!.getReader();
  assert.equal(keepAliveTimers().get(10), 1, "a stream that opens meanwhile joins the timer");
  await stream.cancel();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(keepAliveTimers().has(10), false, "the timer stops at a tick with no stream left");
  clearTimeout(alive);
});

Deno.test("keepAlive pings every registration until it is dropped", async () => {
  let a = 0;
  let b = 0;
  const stopA = keepAlive(5, () => a++);
  const stopB = keepAlive(5, () => b++);
  await new Promise((r) => setTimeout(r, 30));
  stopA();
  stopA();
  const seen = a;
  assert.ok(seen > 0 && b > 0, `both pinged (${a}, ${b})`);
  assert.equal(keepAliveTimers().get(5), 1, "still running for the other");
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(a, seen, "no ping after it was dropped");
  stopB();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(keepAliveTimers().has(5), false);
});
