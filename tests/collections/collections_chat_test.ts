import assert from "node:assert/strict";
import OpenAI from "openai";
import { startFakeOpenAi } from "../fakes/openai_server.ts";
import { readSse } from "../support/sse.ts";
import { ingestFiles, LANTERN_LORE, startCollectionsApp } from "./app.ts";

const ask = (url: string, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });

Deno.test("a named collection answers from its own store; unknown names are a 404", async () => {
  const app = await startCollectionsApp();
  try {
    app.collections.service.create("lantern", { title: "The Lantern College" });
    await ingestFiles(app, "lantern", LANTERN_LORE);
    const question = { role: "user", content: "Who founded the Lantern College?" };
    const res = await ask(app.url("/api/chat"), { messages: [question], collection: "lantern" });
    assert.equal(res.status, 200);
    const answer = await res.json();
    assert.match(answer.answer, /Idrenne Vale/);
    assert.equal(answer.sources[0].title, "The Lantern College");
    assert.match(answer.sources[0].reader, /^\/c\/lantern\/sources\/lantern-college#chunk-\d+$/);

    // The default collection is empty here: it does not see the other collection's lore.
    const plain = await (await ask(app.url("/api/chat"), { messages: [question] })).json();
    assert.doesNotMatch(plain.answer, /Idrenne Vale/);

    const info = await (await fetch(app.url("/api/info?collection=lantern"))).json();
    assert.equal(info.current.title, "The Lantern College");
    assert.equal(info.collection.documents, 2);
    assert.deepEqual(info.collections.map((c: { name: string }) => c.name), ["default", "lantern"]);
    const noInfo = await fetch(app.url("/api/info?collection=nope"));
    assert.equal(noInfo.status, 404);
    await noInfo.body?.cancel();

    const missing = await ask(app.url("/api/chat"), { messages: [question], collection: "nope" });
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error.message, /no collection named "nope"/);
  } finally {
    await app.close();
  }
});

Deno.test("the reader renders the cited page with the passage as an anchor", async () => {
  const app = await startCollectionsApp();
  try {
    app.collections.service.create("lantern", { title: "The Lantern College" });
    await ingestFiles(app, "lantern", LANTERN_LORE);
    const res = await ask(app.url("/api/chat"), {
      messages: [{ role: "user", content: "Who founded the Lantern College?" }],
      collection: "lantern",
    });
    const { sources } = await res.json();
    const page = await fetch(app.url(sources[0].reader.split("#")[0]));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes(`id="${sources[0].reader.split("#")[1]}"`), "the cited chunk's anchor");
    assert.match(html, /Idrenne Vale founded the Lantern College/);
    assert.doesNotMatch(html, /<script/, "the reader ships no script");
    const gone = await fetch(app.url("/c/lantern/sources/no-such-page"));
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
    const noCollection = await fetch(app.url("/c/nope/sources/x"));
    assert.equal(noCollection.status, 404);
    await noCollection.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("/v1/models lists lorechat/<collection> and the openai SDK chats with it", async () => {
  const app = await startCollectionsApp();
  try {
    app.collections.service.create("lantern", { title: "The Lantern College" });
    await ingestFiles(app, "lantern", LANTERN_LORE);
    const client = new OpenAI({ baseURL: app.url("/v1"), apiKey: "unused" });
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.ok(ids.includes("lorechat/lantern"), ids.join(", "));
    assert.ok(ids.includes("lorechat/default"), ids.join(", "));
    const completion = await client.chat.completions.create({
      model: "lorechat/lantern",
      messages: [{ role: "user", content: "Who rules Saltmere?" }],
    });
    assert.match(completion.choices[0].message.content ?? "", /Harbour Moot/);
    const stream = await client.chat.completions.create({
      model: "lorechat/lantern",
      messages: [{ role: "user", content: "Who rules Saltmere?" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    assert.match(text, /Harbour Moot/);
    await assert.rejects(
      client.chat.completions.create({
        model: "lorechat/unknown",
        messages: [{ role: "user", content: "Hi" }],
      }),
      (e: unknown) => e instanceof OpenAI.NotFoundError,
    );
  } finally {
    await app.close();
  }
});

Deno.test("a collection's persona reaches the model's system prompt", async () => {
  const fake = await startFakeOpenAi({ tokens: ["Aye", " [1]."] });
  const app = await startCollectionsApp({
    env: {
      LLM_PROVIDER: "openai",
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: "test",
      LLM_MAX_RETRIES: "0",
    },
  });
  try {
    app.collections.service.create("lantern", {
      title: "The Lantern College",
      persona: "Answer as the archivist of the Lantern College, in-universe.",
    });
    await ingestFiles(app, "lantern", LANTERN_LORE);
    const res = await fetch(app.url("/api/chat"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: "Who founded the Lantern College?" }],
        collection: "lantern",
      }),
    });
    await readSse(res);
    const chat = fake.requests.filter((r) => r.path.endsWith("/chat/completions")).at(-1);
    const system = (chat?.body as { messages: { role: string; content: string }[] }).messages
      .find((m) => m.role === "system")?.content ?? "";
    assert.match(system, /archivist of the Lantern College, in-universe/);
    assert.ok(system.indexOf("Persona") < system.indexOf("<sources>"), "persona before sources");
  } finally {
    await app.close();
    await fake.close();
  }
});

Deno.test("the default collection still starts with the sample lore, readable in the reader", async () => {
  const app = await startCollectionsApp({ env: { AUTO_INGEST_SAMPLE: "true" } });
  try {
    const res = await ask(app.url("/api/chat"), {
      messages: [{ role: "user", content: "Who rules Brackhaven?" }],
    });
    const answer = await res.json();
    assert.ok(answer.sources.length > 0);
    assert.match(answer.sources[0].reader, /^\/c\/default\/sources\/[^#]+#chunk-\d+$/);
    const reader = await fetch(app.url(answer.sources[0].reader.split("#")[0]));
    assert.equal(reader.status, 200);
    assert.match(await reader.text(), new RegExp(`id="${answer.sources[0].reader.split("#")[1]}"`));
  } finally {
    await app.close();
  }
});

Deno.test("the reader finds documents whose ids hold slashes and other characters", async () => {
  const app = await startCollectionsApp();
  try {
    for (const id of ["places/varrow", "https://wiki.example/w/Glass_Wyrm?x=1"]) {
      app.collections.service.pages.put("default", {
        documentId: id,
        title: `Title of ${id}`,
        url: "",
        source: "test",
        contentType: "text/markdown",
        markdown: "# Heading\n\nSome lore text for the reader.",
      });
      const res = await fetch(app.url(`/c/default/sources/${encodeURIComponent(id)}`));
      assert.equal(res.status, 200, id);
      assert.match(await res.text(), /Some lore text for the reader/);
    }
  } finally {
    await app.close();
  }
});
