import assert from "node:assert/strict";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { startFakeBedrock } from "./bedrock_server.ts";

const codec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text),
);

Deno.test("the Bedrock fake frames ConverseStream events as an AWS event stream", async () => {
  const fake = await startFakeBedrock({ tokens: ["Hi", "!"] });
  try {
    const response = await fetch(`${fake.url}/model/m%3A0/converse-stream`, {
      method: "POST",
      body: "{}",
    });
    assert.equal(response.headers.get("content-type"), "application/vnd.amazon.eventstream");
    // Each frame starts with its total length (big-endian uint32): split, then decode.
    const bytes = new Uint8Array(await response.arrayBuffer());
    const messages = [];
    for (let at = 0; at < bytes.length;) {
      const length = new DataView(bytes.buffer, at, 4).getUint32(0);
      messages.push(codec.decode(bytes.subarray(at, at + length)));
      at += length;
    }
    const types = messages.map((m) => m.headers[":event-type"].value);
    assert.deepEqual(types, [
      "messageStart",
      "contentBlockDelta",
      "contentBlockDelta",
      "contentBlockStop",
      "messageStop",
      "metadata",
    ]);
    assert.ok(messages.every((m) => m.headers[":message-type"].value === "event"));
    const delta = JSON.parse(new TextDecoder().decode(messages[1].body));
    assert.deepEqual(delta, { contentBlockIndex: 0, delta: { text: "Hi" } });
    assert.equal(fake.requests[0].modelId, "m:0");
  } finally {
    await fake.close();
  }
});

Deno.test("the Bedrock fake throttles the way the service does", async () => {
  const fake = await startFakeBedrock({ converse: ["throttle"] });
  try {
    const response = await fetch(`${fake.url}/model/m/converse-stream`, {
      method: "POST",
      body: "{}",
    });
    assert.equal(response.status, 429);
    assert.match(response.headers.get("x-amzn-errortype") ?? "", /^ThrottlingException/);
    assert.ok((await response.json()).message);
  } finally {
    await fake.close();
  }
});
