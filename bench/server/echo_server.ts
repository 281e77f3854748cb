/**
 * The physical baseline for the server benchmark: a bare `Deno.serve` that answers
 * `POST /api/chat` the way LoreChat frames its stream — the same `sources` payload size,
 * the same number of `token` events, a `done` event, one JSON line per event, one event
 * per pull — with no routing, validation, retrieval or model in between.
 *
 * With `--batch` it sends the events that are ready together as one chunk, as LoreChat's
 * `sseResponse` does (all of them at once for the instant answer); without it, one write per
 * event as a model streaming token by token would cause.
 *
 *   deno run -A bench/server/echo_server.ts [--tokens 50] [--batch]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { answerTokens } from "./fake_llm.ts";
import { announce, stdinClosed } from "./child_protocol.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    tokens: { type: "string", default: "50" },
    batch: { type: "boolean", default: false },
  },
});
const tokens = answerTokens(Number(values.tokens));
const encoder = new TextEncoder();
const frame = (event: string, data: unknown) =>
  encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
const sources = Array.from({ length: 6 }, (_, i) => ({
  n: i + 1,
  id: `page-${i}#0`,
  title: `Page ${i}`,
  url: `https://lore.example/wiki/page-${i}`,
  heading: `Page ${i} › Section`,
  snippet: "x".repeat(200),
  score: 0.5,
}));

const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
  if (req.method !== "POST") return new Response("not found", { status: 404 });
  const body = await req.json() as { messages?: { content: string }[] };
  const question = body.messages?.at(-1)?.content ?? "";
  const events = [
    frame("sources", sources),
    ...tokens.map((text) => frame("token", { text })),
    frame("done", { question, usage: { inputTokens: 600, outputTokens: tokens.length } }),
  ];
  if (values.batch) {
    const whole = new Uint8Array(events.reduce((n, e) => n + e.length, 0));
    events.reduce((at, e) => (whole.set(e, at), at + e.length), 0);
    events.splice(0, events.length, whole);
  }
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < events.length) controller.enqueue(events[i++]);
      else controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
});
announce(`http://127.0.0.1:${server.addr.port}/`, { pid: Deno.pid });
await stdinClosed();
await server.shutdown();
