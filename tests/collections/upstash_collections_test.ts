import assert from "node:assert/strict";
import { startFakeUpstash } from "../fakes/upstash_server.ts";
import { LANTERN_LORE, startCollectionsApp } from "./app.ts";

const TOKEN = "upstash-collections-token";
const ADMIN = "upstash-admin-token-0123456789";

Deno.test("with Upstash each collection lives in its own namespace, dropped on delete", async () => {
  const fake = startFakeUpstash({ token: TOKEN, hostedEmbedding: true });
  const app = await startCollectionsApp({
    env: {
      ADMIN_TOKEN: ADMIN,
      VECTOR_STORE: "upstash",
      UPSTASH_VECTOR_MODE: "hosted",
      UPSTASH_VECTOR_REST_URL: fake.url,
      UPSTASH_VECTOR_REST_TOKEN: TOKEN,
      UPSTASH_VECTOR_NAMESPACE: "lore",
    },
  });
  const auth = { authorization: `Bearer ${ADMIN}` };
  try {
    const made = await fetch(app.url("/api/collections"), {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "lantern" }),
    });
    assert.equal(made.status, 201);
    await made.body?.cancel();
    const form = new FormData();
    for (const [name, text] of Object.entries(LANTERN_LORE)) {
      form.append("f", new Blob([text]), name);
    }
    const res = await fetch(app.url("/api/collections/lantern/sources"), {
      method: "POST",
      headers: auth,
      body: form,
    });
    assert.equal(res.status, 202);
    await res.body?.cancel();
    await app.collections.runner.idle();
    assert.ok(fake.vectors("lore-lantern").length > 0, "chunks in the collection's namespace");
    assert.equal(fake.vectors("lore").length, 0, "the default namespace is untouched");
    const answer = await (await fetch(app.url("/api/chat"), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: "Who rules Saltmere?" }],
        collection: "lantern",
      }),
    })).json();
    assert.ok(answer.sources.some((s: { title: string }) => s.title === "Saltmere"));
    const gone = await fetch(app.url("/api/collections/lantern"), {
      method: "DELETE",
      headers: auth,
    });
    assert.equal(gone.status, 204);
    assert.equal(fake.vectors("lore-lantern").length, 0, "deleting the collection empties it");
  } finally {
    await app.close();
    await fake.close();
  }
});
