import assert from "node:assert/strict";
import type { SourceEntry } from "../../lib/ingest/mod.ts";
import { LANTERN_LORE, startCollectionsApp } from "./app.ts";

const TOKEN = "test-admin-token-0123456789";
const ADMIN = { ADMIN_TOKEN: TOKEN };
const bearer = { authorization: `Bearer ${TOKEN}` };

async function json(res: Response) {
  return res.status === 204 ? null : await res.json();
}

async function waitForJob(url: string, headers: HeadersInit) {
  for (let i = 0; i < 200; i++) {
    const job = await json(await fetch(url, { headers }));
    if (!["queued", "running"].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("job did not finish");
}

function upload(files: Record<string, string | Uint8Array>) {
  const form = new FormData();
  for (const [name, content] of Object.entries(files)) {
    form.append("files", new Blob([content as BlobPart]), name);
  }
  return form;
}

Deno.test("without ADMIN_TOKEN every admin route is a 404", async () => {
  const app = await startCollectionsApp();
  try {
    for (
      const path of ["/api/collections", "/api/admin/session", "/api/collections/default/documents"]
    ) {
      const res = await fetch(app.url(path), { headers: bearer });
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  } finally {
    await app.close();
  }
});

Deno.test("admin auth: 401 without or with a wrong token, then 429; bearer works", async () => {
  const app = await startCollectionsApp({ env: ADMIN });
  try {
    const none = await fetch(app.url("/api/collections"));
    assert.equal(none.status, 401);
    await none.body?.cancel();
    for (let i = 0; i < 5; i++) {
      const wrong = await fetch(app.url("/api/collections"), {
        headers: { authorization: "Bearer nope" },
      });
      assert.equal(wrong.status, 401);
      assert.doesNotMatch(await wrong.text(), new RegExp(TOKEN));
    }
    const limited = await fetch(app.url("/api/collections"), { headers: bearer });
    assert.equal(limited.status, 429, "repeated failures lock the client out for a while");
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    await limited.body?.cancel();
  } finally {
    await app.close();
  }
  const fresh = await startCollectionsApp({ env: ADMIN });
  try {
    const ok = await fetch(fresh.url("/api/collections"), { headers: bearer });
    assert.equal(ok.status, 200);
    assert.deepEqual((await ok.json()).collections.map((c: { name: string }) => c.name), [
      "default",
    ]);
  } finally {
    await fresh.close();
  }
});

Deno.test("sign-in sets a strict HttpOnly cookie; cross-origin writes are refused (CSRF)", async () => {
  const app = await startCollectionsApp({ env: ADMIN });
  try {
    const origin = new URL(app.url()).origin;
    const signIn = await fetch(app.url("/api/admin/session"), {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ token: TOKEN }),
    });
    assert.equal(signIn.status, 204);
    const cookie = signIn.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/, "plain http: no Secure flag");
    const session = cookie.split(";")[0];
    const create = (from: string | null) =>
      fetch(app.url("/api/collections"), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          cookie: session,
          ...(from ? { origin: from } : {}),
        },
        body: JSON.stringify({ name: "lantern", title: "The Lantern College" }),
      });
    const forged = await create("http://evil.example");
    assert.equal(forged.status, 403);
    await forged.body?.cancel();
    const bare = await create(null);
    assert.equal(bare.status, 403, "no Origin and no Sec-Fetch-Site: refused");
    await bare.body?.cancel();
    const made = await create(origin);
    assert.equal(made.status, 201);
    assert.equal((await made.json()).collection.title, "The Lantern College");
    const again = await create(origin);
    assert.equal(again.status, 409);
    await again.body?.cancel();
    const crossSignIn = await fetch(app.url("/api/admin/session"), {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ token: TOKEN }),
    });
    assert.equal(crossSignIn.status, 403);
    await crossSignIn.body?.cancel();
    const out = await fetch(app.url("/api/admin/session"), {
      method: "DELETE",
      headers: { cookie: session, origin },
    });
    assert.equal(out.status, 204);
    assert.match(out.headers.get("set-cookie") ?? "", /Max-Age=0/);
  } finally {
    await app.close();
  }
});

Deno.test("uploads: indexed in a job; 413 over the cap, 415 for unknown bytes, safe names", async () => {
  const app = await startCollectionsApp({ env: { ...ADMIN, MAX_UPLOAD_BYTES: "4096" } });
  try {
    const created = await fetch(app.url("/api/collections"), {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ name: "lantern" }),
    });
    assert.equal(created.status, 201);
    await created.body?.cancel();
    const sources = app.url("/api/collections/lantern/sources");
    const accepted = await fetch(sources, {
      method: "POST",
      headers: bearer,
      body: upload({
        "../../../escape/lantern-college.md": LANTERN_LORE["lantern-college.md"],
        "saltmere.md": LANTERN_LORE["saltmere.md"],
      }),
    });
    assert.equal(accepted.status, 202);
    const { job } = await accepted.json();
    assert.ok(job.id);
    assert.deepEqual(job.input.files.map((f: { name: string }) => f.name).sort(), [
      "lantern-college.md",
      "saltmere.md",
    ]);
    const finished = await waitForJob(app.url(`/api/collections/lantern/jobs/${job.id}`), bearer);
    assert.equal(finished.status, "done");
    assert.equal(finished.done, 2);
    assert.equal(finished.failed, 0);
    await assert.rejects(Deno.stat(`${app.dataDir}/escape`), "nothing written outside");

    const big = await fetch(sources, {
      method: "POST",
      headers: bearer,
      body: upload({ "big.md": "x".repeat(10_000) }),
    });
    assert.equal(big.status, 413);
    await big.body?.cancel();
    const binary = await fetch(sources, {
      method: "POST",
      headers: bearer,
      body: upload({ "notes.md": new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x13]) }),
    });
    assert.equal(binary.status, 415);
    await binary.body?.cancel();
    const pdf = await fetch(sources, {
      method: "POST",
      headers: bearer,
      body: upload({ "scan.bin": "%PDF-1.7\n%âãÏÓ\n" }),
    });
    assert.equal(pdf.status, 202, "PDF accepted by its bytes whatever its name");
    const pdfJob = (await pdf.json()).job;
    assert.equal(pdfJob.input.files[0].name, "scan.bin.pdf");

    const list = await json(
      await fetch(app.url("/api/collections/lantern/documents?query=salt"), { headers: bearer }),
    );
    assert.deepEqual(list.documents.map((d: { id: string }) => d.id), ["saltmere"]);
    assert.ok(list.documents[0].chunks > 0);
  } finally {
    await app.close();
  }
});

Deno.test("a job streams progress over SSE; deleting a document takes it out of answers", async () => {
  const app = await startCollectionsApp({ env: ADMIN });
  try {
    app.collections.service.create("lantern", {});
    const res = await fetch(app.url("/api/collections/lantern/sources"), {
      method: "POST",
      headers: bearer,
      body: upload(LANTERN_LORE),
    });
    const { job } = await res.json();
    const stream = await fetch(app.url(`/api/collections/lantern/jobs/${job.id}`), {
      headers: { ...bearer, accept: "text/event-stream" },
    });
    assert.match(stream.headers.get("content-type") ?? "", /text\/event-stream/);
    const text = await stream.text();
    assert.match(text, /event: done\ndata: \{[^\n]*"status":"done"/);
    const ask = async () =>
      await (await fetch(app.url("/api/chat"), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          messages: [{ role: "user", content: "Who rules Saltmere?" }],
          collection: "lantern",
        }),
      })).json();
    assert.match((await ask()).answer, /Harbour Moot/);
    const del = await fetch(app.url("/api/collections/lantern/documents/saltmere"), {
      method: "DELETE",
      headers: bearer,
    });
    assert.equal(del.status, 204);
    assert.doesNotMatch((await ask()).answer, /Harbour Moot/);
    const again = await fetch(app.url("/api/collections/lantern/documents/saltmere"), {
      method: "DELETE",
      headers: bearer,
    });
    assert.equal(again.status, 404);
    await again.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("a job running when the server stops is marked interrupted after the restart", async () => {
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  // A crawler that never finishes: the job is mid-run when the server stops.
  const crawl = async function* (_url: string, { signal }: { signal: AbortSignal }) {
    started();
    await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    yield* [] as SourceEntry[];
  };
  const first = await startCollectionsApp({ env: ADMIN, deps: { crawl } });
  const dataDir = first.dataDir;
  let id: string;
  try {
    const res = await fetch(first.url("/api/collections/default/sources"), {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ url: "http://127.0.0.1:9/wiki" }),
    });
    assert.equal(res.status, 202);
    id = (await res.json()).job.id;
    await running;
    const now = await json(
      await fetch(first.url(`/api/collections/default/jobs/${id}`), { headers: bearer }),
    );
    assert.equal(now.status, "running");
  } finally {
    await first.close(true);
  }
  const second = await startCollectionsApp({ env: ADMIN, dataDir });
  try {
    const after = await json(
      await fetch(second.url(`/api/collections/default/jobs/${id}`), { headers: bearer }),
    );
    assert.equal(after.status, "interrupted");
    assert.match(after.failures.at(-1).reason, /server stopped/);
  } finally {
    await second.close();
  }
});

Deno.test("a URL source crawls the site through the live-site reader", async () => {
  const pages: Record<string, string> = {
    "/": `<!doctype html><html lang="en"><head><title>Saltmere Wiki</title></head><body><main>
      <h1>Saltmere Wiki</h1><p>Welcome to the lore of Saltmere and its harbour town.</p>
      <p><a href="/moot">The Harbour Moot</a></p></main></body></html>`,
    "/moot": `<!doctype html><html lang="en"><head><title>The Harbour Moot</title></head><body>
      <main><h1>The Harbour Moot</h1><p>The Harbour Moot is a council of nine captains that
      rules Saltmere from the old net-loft.</p></main></body></html>`,
  };
  const site = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const html = pages[new URL(req.url).pathname];
    return html
      ? new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } })
      : new Response("not found", { status: 404 });
  });
  const app = await startCollectionsApp({ env: ADMIN });
  try {
    const res = await fetch(app.url("/api/collections/default/sources"), {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ url: `http://127.0.0.1:${site.addr.port}/` }),
    });
    assert.equal(res.status, 202);
    const { job } = await res.json();
    const done = await waitForJob(app.url(`/api/collections/default/jobs/${job.id}`), bearer);
    assert.equal(done.status, "done", JSON.stringify(done.failures));
    assert.equal(done.done, 2);
    const list = await json(
      await fetch(app.url("/api/collections/default/documents"), { headers: bearer }),
    );
    assert.deepEqual(list.documents.map((d: { title: string }) => d.title).sort(), [
      "Saltmere Wiki",
      "The Harbour Moot",
    ]);
  } finally {
    await app.close();
    await site.shutdown();
  }
});
