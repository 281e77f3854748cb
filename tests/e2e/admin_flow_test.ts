/**
 * The admin area end to end in Chromium: sign in, create a collection, upload lore
 * (Markdown, HTML and a PDF), watch the job finish, ask the new collection, open the
 * cited source in the reader at the right passage, delete a document and see it gone
 * from answers, delete the collection, sign out — with an axe-core scan of every page
 * (0 serious or critical violations) and screenshots into /tmp/screens/.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchBrowser } from "../support/browser.ts";
import { seriousViolations } from "../support/axe.ts";
import { type CollectionsApp, LANTERN_LORE, startCollectionsApp } from "../collections/app.ts";

const TOKEN = "e2e-admin-token-0123456789";
const OUT = "/tmp/screens";

const HTML_PAGE = `<!doctype html><html lang="en"><head><title>The Blue Lighthouse</title></head>
<body><main><h1>The Blue Lighthouse</h1><p>The Blue Lighthouse of Saltmere was built by the
mason Corra Dunmore. Its lamp is fed with whale oil from the northern fleets.</p></main></body></html>`;

/** A one-page PDF whose page says `text` (enough for a PDF reader to extract). */
function tinyPdf(text: string): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

async function assertAccessible(page: Page, what: string) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${what}: ${violations.join("; ")}`);
}

async function ask(page: Page, question: string) {
  const before = await page.locator(".msg-assistant").count();
  await page.fill("#question", question);
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (n) => {
      const answers = document.querySelectorAll(".msg-assistant");
      return answers.length > n && !document.querySelector(".msg-pending, .dots");
    },
    before,
    { timeout: 15_000 },
  );
  await page.waitForSelector("#composer button[type=submit]:not([disabled])");
  return (await page.locator(".msg-assistant").last().innerText());
}

async function screens(browser: Browser, app: CollectionsApp, name: string, path: string) {
  for (const scheme of ["light", "dark"] as const) {
    for (
      const [size, viewport] of [["desktop", { width: 1280, height: 800 }], [
        "phone",
        { width: 375, height: 812 },
      ]] as const
    ) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, bypassCSP: true });
      try {
        await context.addCookies(await cookies);
        const page = await context.newPage();
        await page.goto(app.url(path));
        await page.waitForLoadState("networkidle");
        if (path.startsWith("/admin")) await page.waitForSelector(".admin, .admin-signin");
        await page.screenshot({ path: `${OUT}/${name}-${size}-${scheme}.png`, fullPage: true });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= viewport.width, `${name} ${size}: no sideways scroll (${width})`);
      } finally {
        await context.close();
      }
    }
  }
}

let cookies: Promise<{ name: string; value: string; url: string }[]> = Promise.resolve([]);

Deno.test({
  name: "the admin area in a browser: sign in, add lore, watch it index, chat, read, delete",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.mkdir(OUT, { recursive: true });
    const app = await startCollectionsApp({ env: { ADMIN_TOKEN: TOKEN } });
    const browser = await launchBrowser();
    const files = await Deno.makeTempDir({ prefix: "lorechat-upload-" });
    try {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`pageerror: ${e}`));

      await t.step("sign in", async () => {
        await page.goto(app.url("/admin"));
        await page.waitForSelector("#admin-token");
        await assertAccessible(page, "sign-in page");
        await page.fill("#admin-token", "wrong-token-wrong-token");
        await page.click("button[type=submit]");
        await page.waitForSelector(".admin-error");
        assert.match(await page.innerText(".admin-error"), /Wrong admin token/);
        await page.fill("#admin-token", TOKEN);
        await page.click("button[type=submit]");
        await page.waitForSelector("text=Sign out");
        const jar = await context.cookies();
        const session = jar.find((c) => c.name === "lorechat_admin")!;
        assert.ok(session.httpOnly);
        assert.equal(session.sameSite, "Strict");
        cookies = Promise.resolve([{ name: session.name, value: session.value, url: app.url() }]);
        await assertAccessible(page, "admin page");
      });

      await t.step("create a collection", async () => {
        await page.fill("#new-name", "lantern");
        await page.fill("#new-title", "The Lantern College");
        await page.click(".admin-new button[type=submit]");
        await page.waitForSelector(".admin-pick.is-current >> text=The Lantern College");
      });

      await t.step("upload Markdown, HTML and a PDF and watch the job finish", async () => {
        const paths = [];
        for (const [name, text] of Object.entries(LANTERN_LORE)) {
          await Deno.writeTextFile(`${files}/${name}`, text);
          paths.push(`${files}/${name}`);
        }
        await Deno.writeTextFile(`${files}/lighthouse.html`, HTML_PAGE);
        paths.push(`${files}/lighthouse.html`);
        await Deno.writeFile(`${files}/ledger.pdf`, tinyPdf("The Ledger of Tides lists ships."));
        paths.push(`${files}/ledger.pdf`);
        await page.setInputFiles(".admin-file", paths);
        await page.waitForSelector(".admin-job-status >> text=/Job (done|failed)/", {
          timeout: 30_000,
        });
        const status = await page.innerText(".admin-job");
        assert.match(status, /4 pages/);
        assert.match(status, /4 done/);
        assert.doesNotMatch(status, /[1-9]\d* failed/);
        await page.waitForSelector(".admin-doc >> text=The Lantern College");
        await page.waitForSelector(".admin-doc >> text=/ledger/i");
        // Drag and drop: a file dropped on the zone is uploaded the same way.
        await page.evaluate(() => {
          const files = new DataTransfer();
          files.items.add(
            new File(["# The Drowning Feast\n\nHeld each spring in Saltmere."], "feast.md"),
          );
          const zone = document.querySelector(".admin-drop")!;
          for (const type of ["dragover", "drop"]) {
            zone.dispatchEvent(
              new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }),
            );
          }
        });
        await page.waitForSelector(".admin-doc >> text=feast.md", { timeout: 30_000 });
        await page.click("button:has-text('Chunks'):has(span:text('of The Lantern College'))");
        await page.waitForSelector(".admin-chunks pre");
        await page.screenshot({ path: `${OUT}/admin-job-desktop-light.png`, fullPage: true });
        await assertAccessible(page, "admin page with a job and documents");
      });

      await t.step("ask the new collection and open the cited source in the reader", async () => {
        await page.goto(app.url("/c/lantern"));
        await page.waitForSelector("html[data-hydrated=true]");
        await assertAccessible(page, "collection chat");
        const answer = await ask(page, "Who founded the Lantern College?");
        assert.match(answer, /Idrenne Vale/);
        await assertAccessible(page, "collection chat with an answer");
        await page.screenshot({ path: `${OUT}/collection-answer-desktop-light.png` });
        const card = page.locator(".source", { hasText: "Idrenne Vale" }).first();
        const link = card.locator(".source-title[href^='/c/lantern/sources/']");
        const href = await link.getAttribute("href");
        assert.match(href ?? "", /#chunk-\d+$/);
        await link.click();
        await page.waitForURL(/\/c\/lantern\/sources\/lantern-college#chunk-\d+$/);
        const target = page.locator(".reader-chunk:target");
        assert.match(await target.innerText(), /Idrenne Vale/);
        assert.ok(await target.isVisible());
        const inView = await target.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.top < innerHeight;
        });
        assert.ok(inView, "the cited passage is scrolled into view");
        await assertAccessible(page, "reader");
      });

      await t.step("screenshots (desktop and phone, light and dark)", async () => {
        await screens(browser, app, "admin", "/admin?collection=lantern");
        await screens(browser, app, "collection-chat", "/c/lantern");
        await screens(browser, app, "reader", "/c/lantern/sources/lantern-college#chunk-1");
      });

      await t.step("delete a document and see it gone from answers", async () => {
        await page.goto(app.url("/c/lantern"));
        await page.waitForSelector("html[data-hydrated=true]");
        assert.match(await ask(page, "Who rules Saltmere?"), /Harbour Moot/);
        await page.goto(app.url("/admin"));
        await page.click(".admin-pick >> text=The Lantern College");
        await page.waitForSelector(".admin-doc >> text=Saltmere");
        await page.click("button:has-text('Delete'):has(span:text('Saltmere'))");
        await page.click("button:has-text('Confirm delete')");
        await page.waitForSelector("text=Deleted saltmere.");
        await page.goto(app.url("/c/lantern"));
        await page.waitForSelector("html[data-hydrated=true]");
        await page.click(".new-chat").catch(() => {});
        assert.doesNotMatch(await ask(page, "Who rules Saltmere?"), /Harbour Moot/);
      });

      await t.step("delete the collection (asks for its name), then sign out", async () => {
        await page.goto(app.url("/admin"));
        await page.click(".admin-pick >> text=The Lantern College");
        const del = page.locator("button:has-text('Delete collection')");
        assert.ok(await del.isDisabled(), "disabled until the name is typed");
        await page.fill("#c-delete", "lantern");
        await del.click();
        await page.waitForFunction(() =>
          ![...document.querySelectorAll(".admin-pick")].some((b) =>
            b.textContent?.includes("Lantern")
          )
        );
        await page.click("text=Sign out");
        await page.waitForSelector("#admin-token");
        await page.reload();
        await page.waitForSelector("#admin-token");
      });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await app.close();
      await Deno.remove(files, { recursive: true });
    }
  },
});
