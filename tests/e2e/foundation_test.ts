import assert from "node:assert/strict";
import { hasChromium, launchBrowser } from "../support/browser.ts";
import { startChatApp } from "./chat_fixture.ts";

Deno.test({
  name: "the home page loads without console errors and its island hydrates",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // A real chat service, so sending a question answers instead of logging a 503.
    const app = await startChatApp();
    const { server } = app;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      await page.goto(new URL("/", server.url).href);
      await page.waitForSelector("html[data-hydrated=true]", { timeout: 10_000 });
      assert.equal(await page.locator("lorechat-island[data-hydrated=true]").count(), 1);
      // Interactivity: the hydrated composer takes a question and shows it in the chat.
      await page.getByLabel("Your question").fill("Who rules the harbour city?");
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByText("Who rules the harbour city?").first().waitFor({ timeout: 5_000 });
      assert.equal(await page.getByLabel("Your question").inputValue(), "");
      const jsRequests: string[] = [];
      page.on("request", (r) => r.resourceType() === "script" && jsRequests.push(r.url()));
      await page.goto(new URL("/about", server.url).href);
      assert.deepEqual(jsRequests, [], "a page without islands loads no script");
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
