/**
 * Screenshots of the chat at phone and desktop sizes, light and dark, into
 * `/tmp/screens/` for a person to look at — plus the checks a screenshot cannot make
 * by itself: no sideways scrolling on a 375 px phone, and WCAG AA contrast for the
 * chat's text in both themes.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { type FakeOpenAi, startFakeOpenAi } from "../fakes/openai_server.ts";
import { hasChromium, launchBrowser } from "../support/browser.ts";
import { type ChatApp, openAiEnv, openPage, startChatApp } from "./chat_fixture.ts";

const OUT = "/tmp/screens";

const RICH_ANSWER = [
  "## Brackhaven at a glance\n\n",
  "Brackhaven is the **salt-harbour capital** of the Saltmarch [1]. ",
  "Queen *Isaveth* rules it from the Tide Hall [1].\n\n",
  "| Ruler | Seat | Since |\n|:--|:--|--:|\n",
  "| Queen Isaveth | Tide Hall | 1204 |\n| Kethri Stonecant | Lantern College | 212 |\n\n",
  "- Trades **brine-glass** and smoked eel [1]\n",
  "- Home port of the `glass-wyrm` legends [2]\n\n",
  '```ts\nconst capital = "Brackhaven";\n```\n\n',
  "> Sailors say the wyrm sleeps beneath the Isles of Quessary [2].",
];

/** Saved chats for the history list, written before the page loads. */
function seedHistory(): string {
  const now = Date.parse("2026-11-25T12:00:00Z");
  const titles = [
    "Who rules Brackhaven?",
    "Cinder moths and ember-ink",
    "Founding of the Lantern College",
    "Is the glass wyrm real?",
  ];
  const entries = titles.map((title, i) => ({
    id: `seed${i}`,
    title,
    updatedAt: now - i * 3_600_000,
  }));
  const chats = Object.fromEntries(entries.map((e) => [
    `lorechat:c:${e.id}`,
    JSON.stringify({
      ...e,
      createdAt: e.updatedAt,
      messages: [{ role: "user", content: e.title }, {
        role: "assistant",
        content: "Saved answer.",
        status: "done",
      }],
    }),
  ]));
  return JSON.stringify({ "lorechat:index": JSON.stringify(entries), ...chats });
} // deno-fmt-ignore

/** Contrast ratio of each element's text against the background it sits on. */
function contrasts(page: Page, selectors: string[]) {
  return page.evaluate((sels) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    return sels.flatMap((sel) => [...document.querySelectorAll(sel)].slice(0, 1).map((el) => {
      const fg = lum(rgb(getComputedStyle(el).color));
      const bg = lum(background(el));
      return { sel, ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) };
    }));
  }, selectors);
}

const TEXT = [
  ".msg-user .msg-text",
  ".md p",
  ".md a.cite",
  ".md td",
  ".md code",
  ".md blockquote p",
  ".source-title",
  ".source-heading",
  ".source-snippet",
  ".msg-meta",
  ".act",
  ".conv-open",
  ".sidebar-heading",
  ".chat-title",
  ".composer textarea",
  ".site-header nav a",
]; // deno-fmt-ignore

Deno.test({
  name: "chat screenshots at phone and desktop sizes, light and dark",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.mkdir(OUT, { recursive: true });
    const fake: FakeOpenAi = await startFakeOpenAi();
    const app: ChatApp = await startChatApp({ env: openAiEnv(fake.url) });
    const browser: Browser = await launchBrowser();
    const problems: string[] = [];
    try {
      const sizes = [["desktop", 1280, 800], ["phone", 375, 812]] as const;
      for (const [device, width, height] of sizes) {
        for (const scheme of ["light", "dark"] as const) {
          await t.step(`${device} ${scheme}`, async () => {
            const name = `${device}-${scheme}`;
            const context = await browser.newContext({
              viewport: { width, height },
              colorScheme: scheme,
              deviceScaleFactor: 1,
            });
            await context.addInitScript((seed) => {
              if (localStorage.getItem("lorechat:index")) return;
              for (const [k, v] of Object.entries(JSON.parse(seed))) localStorage.setItem(k, v as string);
            }, seedHistory());
            const { page, problems: p } = await openPage(context, app.url());
            await page.screenshot({ animations: "disabled", path: `${OUT}/${name}-empty.png` });
            fake.script({ tokens: RICH_ANSWER });
            await page.getByLabel("Your question").fill("Who rules Brackhaven, and is the glass wyrm real?");
            await page.getByRole("button", { name: "Send" }).click();
            await page.locator("article[data-status=done]").waitFor();
            await page.locator(".chat-log").evaluate((el) => (el.scrollTop = 0));
            await page.screenshot({ animations: "disabled", path: `${OUT}/${name}-answer.png` });
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
            assert.ok(overflow <= 0, `${name}: page scrolls sideways by ${overflow}px`);
            for (const { sel, ratio } of await contrasts(page, TEXT)) {
              assert.ok(ratio >= 4.5, `${name}: ${sel} contrast ${ratio.toFixed(2)} < 4.5`);
            }
            if (device === "phone") {
              await page.getByRole("button", { name: "Chat history" }).click();
              await page.getByRole("link", { name: "New chat" }).waitFor();
              await page.screenshot({ animations: "disabled", path: `${OUT}/${name}-history.png` });
            } else {
              await page.locator("summary", { hasText: "Settings" }).click();
              await page.screenshot({ animations: "disabled", path: `${OUT}/${name}-settings.png` });
              await page.locator("summary", { hasText: "Settings" }).click();
            }
            fake.script("500");
            await page.getByRole("link", { name: "New chat" }).click();
            await page.getByLabel("Your question").fill("Who rules Brackhaven?");
            await page.getByLabel("Your question").press("Enter");
            await page.locator("article[data-status=error]").waitFor();
            await page.screenshot({ animations: "disabled", path: `${OUT}/${name}-error.png` });
            // The answer holds after its table until the screenshot is taken: a timed
            // stream raced it on a busy machine, and the answer was done before it was seen.
            const held = Promise.withResolvers<void>();
            fake.script({ tokens: RICH_ANSWER, tokenDelayMs: 20, holdAfter: 5, resume: held.promise });
            await page.getByRole("button", { name: "Retry" }).click();
            await page.locator("article[data-status=streaming] .md").locator("table").waitFor();
            await page.screenshot({ animations: "disabled", path: `${OUT}/${name}-streaming.png` });
            held.resolve();
            await page.locator("article[data-status=done]").waitFor();
            problems.push(...p);
            await context.close();
          });
        }
      }
      await t.step("no-JS answer page", async () => {
        const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(app.url());
        fake.script({ tokens: RICH_ANSWER });
        await page.getByLabel("Your question").fill("Who rules Brackhaven?");
        await page.getByRole("button", { name: "Send" }).click();
        await page.locator("article.msg-assistant .md table").waitFor();
        await page.screenshot({ path: `${OUT}/desktop-light-nojs.png` });
        await context.close();
      }); // deno-fmt-ignore
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await app.close();
      await fake.close();
    }
  },
});
