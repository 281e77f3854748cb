/**
 * The chat UI in a real browser against the real app with the extractive provider:
 * asking, sources and citations, history, regenerate and edit, share and download,
 * keyboard-only use, the no-JavaScript form, and the JavaScript budget.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchBrowser } from "../support/browser.ts";
import { type ChatApp, openPage, startChatApp } from "./chat_fixture.ts";

/** Asks `question` through the composer and waits for the answer to settle. */
async function ask(page: Page, question: string): Promise<void> {
  const before = await page.locator("article.msg-assistant").count();
  await page.getByLabel("Your question").fill(question);
  await page.getByLabel("Your question").press("Enter");
  await page.locator("article.msg-assistant").nth(before).and(
    page.locator(":not([data-status=streaming])"),
  )
    .waitFor({ timeout: 10_000 });
}

const lastAnswer = (page: Page) => page.locator("article.msg-assistant").last();
const sidebarTitles = (page: Page) =>
  page.locator(".conv-open, .conv-rename input").allInnerTexts();

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

Deno.test({
  name: "the chat UI in a browser, extractive provider",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app: ChatApp = await startChatApp();
    const browser: Browser = await launchBrowser();
    const problems: string[] = [];
    const fresh = async (path = "/") => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const opened = await openPage(context, app.url(path));
      return { ...opened, context, problems: opened.problems };
    };
    try {
      await t.step("the empty state says what LoreChat knows and suggests questions", async () => {
        const { page, context, problems: p } = await fresh();
        await page.getByText(/LoreChat has read \d+ pages \(\d+ passages\)/).waitFor();
        assert.equal(await page.locator("button.suggestion").count(), 4);
        const suggestion = page.locator("button.suggestion").first();
        const text = await suggestion.innerText();
        await suggestion.click();
        await lastAnswer(page).and(page.locator("[data-status=done]")).waitFor();
        assert.equal(await page.locator("article.msg-user .msg-text").innerText(), text);
        problems.push(...p);
        await context.close();
      });

      await t.step(
        "asking gives a cited answer whose citations jump to source cards",
        async () => {
          const { page, context, problems: p } = await fresh();
          await ask(page, "Who founded the Lantern College?");
          const answer = lastAnswer(page);
          assert.equal(await answer.getAttribute("data-status"), "done");
          assert.match(await answer.locator(".md").innerText(), /Sefa Ambrine/);
          const card = answer.locator("#m1-source-1");
          assert.match(await card.innerText(), /Lantern College/);
          assert.equal(
            await card.locator("a.source-title").getAttribute("href"),
            "https://lore.example/wiki/Lantern_College",
          );
          assert.equal(await card.locator("a.source-title").getAttribute("target"), "_blank");
          const cite = answer.locator("a.cite").first();
          const target = (await cite.getAttribute("href"))!;
          assert.match(target, /^#m1-source-\d+$/);
          await cite.click();
          assert.equal(new URL(page.url()).hash, target);
          assert.ok(await page.locator(`${target}:target`).isVisible());
          assert.ok(
            await answer.locator(`${target}.is-cited`).count(),
            "a cited card is highlighted",
          );
          assert.match(
            await page.locator("p[role=status][aria-live=polite]").innerText(),
            /^Answer complete\./,
          );
          problems.push(...p);
          await context.close();
        },
      ); // deno-fmt-ignore

      await t.step("history survives a reload; chats can be renamed, deleted and cleared", async () => {
        const { page, context, problems: p } = await fresh();
        await ask(page, "Who founded the Lantern College?");
        await page.getByRole("link", { name: "New chat" }).click();
        assert.equal(await page.locator("article").count(), 0);
        await ask(page, "What is the glass wyrm?");
        assert.deepEqual(await sidebarTitles(page), ["What is the glass wyrm?", "Who founded the Lantern College?"]);
        await page.reload();
        await page.waitForSelector("html[data-hydrated=true]");
        await page.locator(".conv-open").nth(1).waitFor();
        assert.deepEqual(await sidebarTitles(page), ["What is the glass wyrm?", "Who founded the Lantern College?"]);
        await page.getByRole("button", { name: "Who founded the Lantern College?", exact: true }).click();
        assert.match(await lastAnswer(page).innerText(), /Sefa Ambrine/);
        assert.equal(await page.locator("h1#chat-title").innerText(), "Who founded the Lantern College?");
        await page.getByRole("button", { name: "Rename “Who founded the Lantern College?”" }).click();
        await page.getByLabel("Chat name").fill("Harbour rulers");
        await page.getByLabel("Chat name").press("Enter");
        await page.getByRole("heading", { name: "Harbour rulers" }).waitFor();
        await page.getByRole("button", { name: "Delete “What is the glass wyrm?”" }).click();
        await page.reload();
        await page.waitForSelector("html[data-hydrated=true]");
        await page.locator(".conv-open").first().waitFor();
        assert.deepEqual(await sidebarTitles(page), ["Harbour rulers"]);
        await page.getByRole("button", { name: "Clear all chats" }).click();
        await page.getByRole("button", { name: "Click again to delete every chat" }).click();
        assert.equal(await page.locator(".conv").count(), 0);
        await page.reload();
        await page.waitForSelector("html[data-hydrated=true]");
        assert.equal(await page.locator(".conv").count(), 0);
        problems.push(...p);
        await context.close();
      });

      await t.step(
        "regenerate asks again; edit-and-resend replaces the last question",
        async () => {
          const { page, context, problems: p } = await fresh();
          let posts = 0;
          page.on(
            "request",
            (r) => r.url().endsWith("/api/chat") && r.method() === "POST" && posts++,
          );
          await ask(page, "What is the glass wyrm?");
          await page.getByRole("button", { name: "Regenerate" }).click();
          await lastAnswer(page).and(page.locator("[data-status=done]")).waitFor();
          assert.equal(posts, 2);
          assert.equal(await page.locator("article.msg").count(), 2);
          await page.getByRole("button", { name: "Edit" }).click();
          await page.getByLabel("Edit your question").fill("Who founded the Lantern College?");
          await page.getByLabel("Edit your question").press("Enter");
          await page.getByText("Who founded the Lantern College?").waitFor();
          await lastAnswer(page).and(page.locator("[data-status=done]")).waitFor();
          assert.equal(posts, 3);
          assert.equal(await page.locator("article.msg").count(), 2);
          assert.match(await lastAnswer(page).innerText(), /Sefa Ambrine/);
          problems.push(...p);
          await context.close();
        },
      );

      await t.step("a share link opens the chat elsewhere; download gives Markdown", async () => {
        const { page, context, problems: p } = await fresh();
        await context.grantPermissions(["clipboard-read", "clipboard-write"]);
        await ask(page, "Who founded the Lantern College?");
        await page.getByRole("button", { name: "Share" }).click();
        const link = await page.getByLabel("Share link").inputValue();
        assert.match(link, /#share=z[A-Za-z0-9_-]+$/);
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("button", { name: "Download as Markdown" }).click(),
        ]);
        assert.equal(download.suggestedFilename(), "who-founded-the-lantern-college.md");
        const markdown = await Deno.readTextFile((await download.path())!);
        assert.match(
          markdown,
          /^# Who founded the Lantern College\?\n\n## Question\n\nWho founded the Lantern College\?\n\n## Answer/,
        );
        assert.match(
          markdown,
          /1\. \[Lantern College\]\(<https:\/\/lore\.example\/wiki\/Lantern_College>\)/,
        );
        const other = await fresh();
        await other.page.goto(link);
        await other.page.waitForSelector("html[data-hydrated=true]");
        await other.page.getByText("Opened a shared chat").waitFor();
        assert.match(await lastAnswer(other.page).innerText(), /Sefa Ambrine/);
        assert.equal(new URL(other.page.url()).hash, "");
        assert.deepEqual(await sidebarTitles(other.page), ["Who founded the Lantern College?"]);
        await other.page.goto(app.url("/#share=zNOTVALID"));
        await other.page.getByText("That share link is damaged").waitFor();
        problems.push(...p, ...other.problems);
        await other.context.close();
        await context.close();
      });

      await t.step(
        "a network failure shows inline with Retry, which answers once back online",
        async () => {
          const { page, context, problems: p } = await fresh();
          await context.setOffline(true);
          await page.getByLabel("Your question").fill("Who founded the Lantern College?");
          await page.getByLabel("Your question").press("Enter");
          await lastAnswer(page).and(page.locator("[data-status=error]")).waitFor();
          assert.match(await page.getByRole("alert").innerText(), /could not be reached/);
          await context.setOffline(false);
          await page.getByRole("button", { name: "Retry" }).click();
          await lastAnswer(page).and(page.locator("[data-status=done]")).waitFor();
          assert.match(await lastAnswer(page).innerText(), /Sefa Ambrine/);
          // The browser itself logs the failed request while offline; nothing else may appear.
          problems.push(...p.filter((m) => !/ERR_INTERNET_DISCONNECTED/.test(m)));
          await context.close();
        },
      );

      await t.step("the chat works from the keyboard alone, with visible focus", async () => {
        const { page, context, problems: p } = await fresh();
        await context.grantPermissions(["clipboard-read", "clipboard-write"]);
        const outlines: string[] = [];
        for (let i = 0; i < 15; i++) {
          await page.keyboard.press("Tab");
          const focus = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            const style = getComputedStyle(el);
            return {
              id: el.id,
              outline: `${style.outlineStyle} ${style.outlineWidth}`,
              tag: el.tagName,
            };
          });
          if (focus.id === "question") break;
          outlines.push(`${focus.tag}: ${focus.outline}`);
        }
        assert.equal(await page.evaluate(() => document.activeElement?.id), "question");
        for (const o of outlines) assert.match(o, /solid [1-9]/, `focus is visible (${o})`);
        await page.keyboard.type("Who founded");
        await page.keyboard.press("Shift+Enter");
        await page.keyboard.type("the Lantern College?");
        assert.equal(
          await page.getByLabel("Your question").inputValue(),
          "Who founded\nthe Lantern College?",
        );
        await page.keyboard.press("Enter");
        await lastAnswer(page).and(page.locator("[data-status=done]")).waitFor();
        assert.equal(
          await page.locator("article.msg-user .msg-text").innerText(),
          "Who founded\nthe Lantern College?",
        );
        await page.getByRole("button", { name: "Copy" }).focus();
        await page.keyboard.press("Enter");
        await page.getByRole("button", { name: "Copied" }).waitFor();
        assert.match(await page.evaluate(() => navigator.clipboard.readText()), /Sefa Ambrine/);
        problems.push(...p);
        await context.close();
      });

      await t.step(
        "without JavaScript the form posts and the server answers with sources",
        async () => {
          const context = await browser.newContext({ javaScriptEnabled: false });
          const page = await context.newPage();
          await page.goto(app.url());
          assert.equal(await page.locator("html[data-hydrated]").count(), 0);
          await page.getByLabel("Your question").fill("Who founded the Lantern College?");
          await page.getByRole("button", { name: "Send" }).click();
          await page.waitForURL(app.url("/#latest"));
          const answer = lastAnswer(page);
          assert.match(await answer.locator(".md").innerText(), /Sefa Ambrine/);
          assert.match(
            (await answer.locator("a.cite").first().getAttribute("href"))!,
            /^#m1-source-\d$/,
          );
          assert.match(await answer.locator("#m1-source-1").innerText(), /Lantern College/);
          await page.getByLabel("Your question").fill("What is the glass wyrm?");
          await page.getByRole("button", { name: "Send" }).click();
          await page.locator("article.msg").nth(3).waitFor();
          assert.equal(await page.locator("article.msg-user").count(), 2);
          assert.match(await lastAnswer(page).innerText(), /sea-serpent/);
          assert.match(
            await page.locator("article.msg-assistant").first().innerText(),
            /Sefa Ambrine/,
          );
          await context.close();
        },
      );

      await t.step(
        "the chat page ships at most 25 KB of gzipped JavaScript; /about none",
        async () => {
          const context = await browser.newContext();
          const page = await context.newPage();
          const scripts: { url: string; gzip: number }[] = [];
          const pending: Promise<void>[] = [];
          page.on("response", (r) => {
            if (r.request().resourceType() !== "script") return;
            pending.push(
              r.body().then(async (b) =>
                void scripts.push({ url: new URL(r.url()).pathname, gzip: await gzipSize(b) })
              ),
            );
          });
          await page.goto(app.url());
          await page.waitForSelector("html[data-hydrated=true]");
          await page.waitForLoadState("networkidle");
          await Promise.all(pending);
          const total = scripts.reduce((n, s) => n + s.gzip, 0);
          console.log(
            `  JS (gzip): ${
              scripts.map((s) => `${s.url} ${s.gzip} B`).join(", ")
            }; total ${total} B`,
          );
          assert.ok(scripts.length >= 2);
          assert.ok(total <= 25_000, `chat page ships ${total} bytes of gzipped JS`);
          scripts.length = 0;
          await page.goto(app.url("/about"));
          await page.waitForLoadState("networkidle");
          assert.deepEqual(scripts, []);
          await context.close();
        },
      );

      assert.deepEqual(problems, [], "no console errors, warnings or dialogs");
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
