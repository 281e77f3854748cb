import assert from "node:assert/strict";
import type { Conversation } from "./conversation.ts";
import {
  conversationToMarkdown,
  decodeShare,
  encodeShare,
  fromBase64Url,
  MAX_SHARE_BYTES,
  readShareToken,
  ShareError,
  shareLink,
  toBase64Url,
} from "./share.ts";

const CONVERSATION: Conversation = {
  id: "abc",
  title: "Who rules Varrow?",
  createdAt: 1,
  updatedAt: 2,
  messages: [
    { role: "user", content: "Who rules Varrow? ünïcode ✨ 🐉" },
    {
      role: "assistant",
      content: "**Queen Maelis** rules Varrow [1].\n\n| a | b |\n|---|---|\n| 1 | 2 |",
      status: "done",
      citations: [1],
      sources: [{
        n: 1,
        id: "varrow#0",
        title: "Varrow",
        url: "https://lore.example/wiki/varrow",
        heading: "Varrow > Rulers",
        snippet: "Queen Maelis rules Varrow.",
        score: 0.9,
      }],
      meta: { provider: "openai", model: "m", totalMs: 12 },
    },
    { role: "user", content: "And before her?" },
    { role: "assistant", content: "Her fath", status: "stopped" },
  ],
};

Deno.test("a shared conversation round-trips through a URL-safe token", async () => {
  const token = await encodeShare(CONVERSATION);
  assert.match(token, /^z[A-Za-z0-9_-]+$/);
  const back = await decodeShare(token);
  assert.equal(back.title, CONVERSATION.title);
  assert.deepEqual(back.messages.map((m) => [m.role, m.content, m.status]), [
    ["user", CONVERSATION.messages[0].content, undefined],
    ["assistant", CONVERSATION.messages[1].content, "done"],
    ["user", "And before her?", undefined],
    ["assistant", "Her fath", "stopped"],
  ]);
  assert.deepEqual(back.messages[1].sources, [{
    n: 1,
    title: "Varrow",
    url: "https://lore.example/wiki/varrow",
    heading: "Varrow > Rulers",
    snippet: "Queen Maelis rules Varrow.",
  }]);
  assert.deepEqual(back.messages[1].citations, [1]);
  assert.equal(readShareToken(new URL(shareLink("https://x.example/#old", token)).hash), token);
});

Deno.test("compression keeps long conversations short", async () => {
  const long = { ...CONVERSATION, messages: Array(40).fill(CONVERSATION.messages).flat() };
  const token = await encodeShare(long);
  assert.ok(token.length < JSON.stringify(long).length / 10, `${token.length} chars`);
});

Deno.test("damaged, foreign or oversized share tokens are refused with ShareError", async (t) => {
  const deflate = async (text: string) => {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return "z" + toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
  };
  const cases: [string, () => Promise<string>][] = [
    ["unknown prefix", () => Promise.resolve("x123")],
    ["not base64url", () => Promise.resolve("z<script>")],
    ["not deflate", () => Promise.resolve("z" + toBase64Url(new TextEncoder().encode("hello")))],
    ["truncated", async () => (await encodeShare(CONVERSATION)).slice(0, 20)],
    ["not JSON", () => deflate("{nope")],
    ["no messages", () => deflate(JSON.stringify({ title: "t", messages: [] }))],
    [
      "a bomb",
      () =>
        deflate(
          JSON.stringify({ messages: [{ role: "user", content: "a".repeat(MAX_SHARE_BYTES) }] }),
        ),
    ],
  ]; // deno-fmt-ignore
  for (const [name, make] of cases) {
    await t.step(name, async () => {
      await assert.rejects(decodeShare(await make()), ShareError);
    });
  }
});

Deno.test("base64url round-trips every byte value", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(fromBase64Url(toBase64Url(bytes)), bytes);
});

Deno.test("the Markdown export has questions, answers and numbered sources", () => {
  const md = conversationToMarkdown(CONVERSATION);
  assert.ok(md.startsWith("# Who rules Varrow?\n\n## Question\n\nWho rules Varrow?"));
  assert.match(md, /## Answer\n\n\*\*Queen Maelis\*\* rules Varrow \[1\]\./);
  assert.match(md, /1\. \[Varrow\]\(<https:\/\/lore\.example\/wiki\/varrow>\) — Varrow > Rulers/);
  assert.match(md, /Her fath\n\n_\(stopped before the end\)_/);
});

/**
 * Decodes a token that inflates to 64 MiB and reports how much RSS grew. It runs in a
 * process of its own: under `deno test --parallel` the other test files share this
 * process, and their allocations would move its RSS.
 */
const BOMB_PROBE = `
import { decodeShare, ShareError, toBase64Url } from "${
  new URL("./share.ts", import.meta.url).href
}";
const zeros = new Uint8Array(1024 * 1024);
const stream = new CompressionStream("deflate-raw");
const writer = stream.writable.getWriter();
const feeding = (async () => {
  for (let i = 0; i < 64; i++) await writer.write(zeros);
  await writer.close();
})();
const compressed = new Uint8Array(await new Response(stream.readable).arrayBuffer());
await feeding;
const before = Deno.memoryUsage().rss;
const refused = await decodeShare("z" + toBase64Url(compressed)).then(
  () => "decoded",
  (error) => error instanceof ShareError ? error.message : String(error),
);
console.log(JSON.stringify({ refused, grown: Deno.memoryUsage().rss - before }));
`;

Deno.test("a share token that inflates to 64 MiB is refused without inflating it all", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/probe.ts`, BOMB_PROBE);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${dir}/probe.ts`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const { refused, grown } = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(refused, "the shared conversation is too large");
    assert.ok(grown < 32 * 1024 * 1024, `RSS grew by ${grown} bytes`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
