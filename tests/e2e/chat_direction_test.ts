/**
 * Right-to-left and CJK answers in a real browser: messages and sources take their
 * direction from their own text (`dir="auto"`), and a long unbroken Japanese line wraps
 * on a 375 px phone instead of scrolling the page sideways.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { type FakeOpenAi, startFakeOpenAi } from "../fakes/openai_server.ts";
import { hasChromium, launchBrowser } from "../support/browser.ts";
import { type ChatApp, openAiEnv, openPage, startChatApp } from "./chat_fixture.ts";

const RTL_ANSWER = [
  "مدينة برَكهافن هي عاصمة مستنقعات الملح، وتحكمها الملكة إيزافيث من قاعة المد [1]. ",
  "\n\n",
  "白鷺城は霧ヶ原の北にある白い城で灰暦四百十二年に石工の長である月岡玄斎によって建てられた七層の天守を持つ",
];

Deno.test({
  name: "an RTL answer reads right to left and CJK text wraps on a phone",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const fake: FakeOpenAi = await startFakeOpenAi();
    const app: ChatApp = await startChatApp({ env: openAiEnv(fake.url) });
    const browser: Browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
      const { page } = await openPage(context, app.url());
      fake.script({ tokens: RTL_ANSWER });
      await page.getByLabel("Your question").fill("من يحكم برَكهافن؟");
      await page.getByRole("button", { name: "Send" }).click();
      await page.locator("article[data-status=done]").waitFor();
      const question = page.locator(".msg-user .msg-text");
      assert.equal(await question.getAttribute("dir"), "auto");
      assert.equal(await question.evaluate((el) => getComputedStyle(el).direction), "rtl");
      const body = page.locator("article[data-status=done] .msg-body");
      assert.equal(await body.getAttribute("dir"), "auto");
      const answer = body.locator(".md");
      assert.equal(await answer.getAttribute("dir"), "auto");
      const first = body.locator(".md p").first();
      assert.equal(await first.evaluate((el) => getComputedStyle(el).unicodeBidi), "plaintext");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      const cjk = body.locator(".md p").last();
      const wide = await cjk.evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(wide <= 0, `the Japanese line overflows its box by ${wide}px`);
      await context.close();
    } finally {
      await browser.close();
      await app.close();
      await fake.close();
    }
  },
});
