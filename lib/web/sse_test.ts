import assert from "node:assert/strict";
import { encodeSseEvent } from "./sse.ts";

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
