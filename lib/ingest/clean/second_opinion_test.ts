import assert from "node:assert/strict";
import { cleanHtml } from "./mod.ts";
import { parseDocument } from "./dom.ts";
import { findMainContent } from "./extract.ts";
import { secondOpinion } from "./readability_signal.ts";

const PARA = (n: number) =>
  `<p>Paragraph ${n} tells how the wick-bearers climbed the hill in the dark, carrying ` +
  `the seven lanterns that would relight the sky over the valley of the Orr.</p>`;

const PROMO = [
  "<p>Have you already played the Lantern Game on your phone? It is free this week, so " +
  "download it today and share your best score with all of your friends.</p>",
  "<p>Our shop sells hand-made lantern replicas in three sizes, shipped anywhere in the " +
  "world within a week, with a gift box and a card for every single order.</p>",
].join("");

/** The article holds about 70 % of the prose; a promo sits in a branch of its own beside it. */
const CLOSE_CALL_PAGE = `<html><body><div class="layout">
  <div class="main"><div class="entry">${PARA(1)}${PARA(2)}${PARA(3)}${PARA(4)}</div></div>
  <div class="col"><div><div>${PROMO}</div></div></div>
</div></body></html>`;

/** The same article with nothing of weight beside it. */
const CLEAR_PAGE = `<html><body><div class="layout">
  <div class="main"><div class="entry">${PARA(1)}${PARA(2)}${PARA(3)}${PARA(4)}</div></div>
  <div class="col"><p>Lanterns.</p></div>
</div></body></html>`;

Deno.test("findMainContent calls it close when one child holds most but not nearly all prose", () => {
  const close = findMainContent(parseDocument(CLOSE_CALL_PAGE));
  assert.equal(close.closeCall, true);
  // Our own pass keeps the whole layout, promo included: it cannot tell the promo is not prose.
  assert.match(close.container.textContent ?? "", /Lantern Game/);
  const clear = findMainContent(parseDocument(CLEAR_PAGE));
  assert.equal(clear.closeCall, false);
  assert.equal(clear.container.getAttribute("class"), "entry");
});

Deno.test("cleanHtml asks Readability on a close call and drops what only we kept", async () => {
  const { markdown } = await cleanHtml(CLOSE_CALL_PAGE);
  for (const n of [1, 2, 3, 4]) assert.match(markdown, new RegExp(`Paragraph ${n} tells`));
  assert.ok(!markdown.includes("Lantern Game"), markdown);
  assert.ok(!markdown.includes("replicas"), markdown);
});

Deno.test("cleanHtml skips the second opinion on a clear choice and keeps the article whole", async () => {
  const { markdown } = await cleanHtml(CLEAR_PAGE);
  for (const n of [1, 2, 3, 4]) assert.match(markdown, new RegExp(`Paragraph ${n} tells`));
  assert.ok(!markdown.includes("Lanterns."), markdown);
});

Deno.test("secondOpinion reads a fresh parse of the page, not the cleaned document", () => {
  const document = parseDocument(CLOSE_CALL_PAGE);
  const { container } = findMainContent(document);
  assert.equal(secondOpinion(CLOSE_CALL_PAGE, container), true);
  assert.ok(!(container.textContent ?? "").includes("Lantern Game"));
  assert.match(container.textContent ?? "", /Paragraph 4 tells/);
});

Deno.test("secondOpinion leaves pages too big for Readability as they are", () => {
  const huge = CLOSE_CALL_PAGE.replace("</body>", `${"<div>cell</div>".repeat(20_000)}</body>`);
  const { container } = findMainContent(parseDocument(huge));
  assert.equal(secondOpinion(huge, container), false);
  assert.match(container.textContent ?? "", /Lantern Game/);
});
