import assert from "node:assert/strict";
import { render } from "preact-render-to-string";
import { parseHTML } from "linkedom";
import type { UiMessage } from "../../lib/ui/mod.ts";
import { MessageView } from "./MessageView.tsx";

const dom = (message: UiMessage, index = 1) =>
  parseHTML(
    `<!doctype html><html><body>${
      render(<MessageView message={message} index={index} />)
    }</body></html>`,
  ).document; // deno-fmt-ignore

Deno.test("an answer links citations to its own source cards only", () => {
  const doc = dom({
    role: "assistant",
    content: "Queen Isaveth rules [1], not [7].",
    status: "done",
    citations: [1],
    sources: [
      { n: 1, title: "Brackhaven", url: "https://lore.example/b", heading: "Brackhaven > Rulers", snippet: "…" },
      { n: 2, title: "Glass Wyrm", url: "https://lore.example/g", heading: "Glass Wyrm", snippet: "…" },
    ],
  }, 3); // deno-fmt-ignore
  assert.deepEqual([...doc.querySelectorAll("a.cite")].map((a) => a.getAttribute("href")), ["#m3-source-1"]);
  assert.ok(doc.getElementById("m3-source-1")!.className.includes("is-cited"));
  assert.ok(!doc.getElementById("m3-source-2")!.className.includes("is-cited"));
  assert.match(doc.body.textContent!, /not \[7\]/);
  assert.equal(doc.querySelector("#m3-source-2 .source-heading"), null, "a heading equal to the title is not repeated");
}); // deno-fmt-ignore

Deno.test("source cards from an untrusted share never link to unsafe URLs", () => {
  const doc = dom({
    role: "assistant",
    content: "x",
    status: "done",
    sources: [{ n: 1, title: "Evil", url: "javascript:alert(1)", heading: "", snippet: "<img src=x onerror=alert(1)>" }],
  }); // deno-fmt-ignore
  assert.equal(doc.querySelectorAll("a").length, 0);
  assert.equal(doc.querySelectorAll("img:not(.avatar)").length, 0);
  assert.match(doc.querySelector(".source-snippet")!.textContent!, /<img src=x/);
});

Deno.test("status shows: streaming is busy, stopped is marked, errors are alerts", () => {
  const streaming = dom({ role: "assistant", content: "", status: "streaming" });
  assert.equal(streaming.querySelector("article")!.getAttribute("aria-busy"), "true");
  assert.match(streaming.body.textContent!, /Searching the lore/);
  const stopped = dom({ role: "assistant", content: "Half", status: "stopped" });
  assert.match(stopped.body.textContent!, /Stopped before the end/);
  const failed = dom({
    role: "assistant",
    content: "",
    status: "error",
    error: { code: "x", message: "The model failed." },
  });
  assert.equal(failed.querySelector("[role=alert]")!.textContent, "The model failed.");
});

Deno.test("a question renders as plain text, never Markdown", () => {
  const doc = dom({ role: "user", content: "**not bold** <b>x</b>\nline 2" });
  assert.equal(doc.querySelector(".msg-text")!.textContent, "**not bold** <b>x</b>\nline 2");
  assert.equal(doc.querySelectorAll("strong, b").length, 0);
});
