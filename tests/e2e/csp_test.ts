import assert from "node:assert/strict";
import { CONTENT_SECURITY_POLICY } from "../../lib/web/mod.ts";
import { hasChromium, launchBrowser } from "../support/browser.ts";
import { startTestServer } from "../support/server.ts";

/** What the page records: CSP violations seen, and anything injected that managed to run. */
type Probe = typeof globalThis & { __violations: string[]; __pwned?: string[] };

Deno.test({
  name: "the CSP is sent and enforced: no inline script, no inline handlers, no eval",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const server = await startTestServer();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      // Installed through the DevTools protocol, which CSP does not govern.
      await page.addInitScript(() => {
        const probe = globalThis as Probe;
        probe.__violations = [];
        document.addEventListener("securitypolicyviolation", (e) => {
          probe.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      const response = await page.goto(new URL("/", server.url).href);
      await page.waitForSelector("html[data-hydrated=true]", { timeout: 10_000 });

      await t.step("the page arrives with the policy and needs no exception to it", async () => {
        assert.equal(
          await response!.headerValue("content-security-policy"),
          CONTENT_SECURITY_POLICY,
        );
        const inline = await page.evaluate(() =>
          document.querySelectorAll('script:not([src]):not([type="application/json"])').length
        );
        assert.equal(inline, 0, "no inline executable script");
        assert.deepEqual(
          await page.evaluate(() => (globalThis as Probe).__violations),
          [],
          "the app itself complies",
        );
      });

      await t.step("an inline script added to the DOM is blocked and reported", async () => {
        const violation = await page.evaluate(() =>
          new Promise<string>((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) =>
              resolve(e.violatedDirective), {
              once: true,
            });
            const script = document.createElement("script");
            script.textContent = "(window.__pwned ??= []).push('inline script')";
            document.body.append(script);
          })
        );
        assert.match(violation, /^script-src/);
      });

      await t.step("an inline event handler is blocked", async () => {
        const violation = await page.evaluate(() =>
          new Promise<string>((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) =>
              resolve(e.violatedDirective), {
              once: true,
            });
            const div = document.createElement("div");
            div.innerHTML = `<img src="data:," onerror="(window.__pwned ??= []).push('handler')">`;
            document.body.append(div);
          })
        );
        assert.match(violation, /^script-src/);
      });

      await t.step("eval and new Function throw, even in a same-origin script", async () => {
        // DevTools evaluation is exempt from CSP, so the attempt runs as a page script.
        await page.route("**/csp-probe.js", (route) =>
          route.fulfill({
            contentType: "text/javascript",
            body:
              `const attempt = (f) => { try { f(); return "ran"; } catch (e) { return e.name; } };
              globalThis.__evalOutcomes = [
                attempt(() => eval("(globalThis.__pwned ??= []).push('eval')")),
                attempt(() => new Function("(globalThis.__pwned ??= []).push('Function')")()),
                attempt(() => setTimeout("(globalThis.__pwned ??= []).push('timer')", 0)),
              ];`,
          }));
        const outcomes = await page.evaluate(() =>
          new Promise<unknown>((resolve) => {
            const script = document.createElement("script");
            script.src = "/csp-probe.js";
            script.onload = () =>
              resolve((globalThis as { __evalOutcomes?: unknown }).__evalOutcomes);
            document.head.append(script);
          })
        );
        assert.deepEqual(outcomes, ["EvalError", "EvalError", "ran"]);
        await new Promise((r) => setTimeout(r, 50)); // the string timer, had it been allowed
        const violations = await page.evaluate(() => (globalThis as Probe).__violations);
        assert.ok(
          violations.filter((v) => v.startsWith("script-src") && v.endsWith(" eval")).length >= 3,
        );
      });

      await t.step("a script from another origin is refused", async () => {
        const blocked = await page.evaluate(() =>
          new Promise<string>((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) => resolve(e.blockedURI), {
              once: true,
            });
            const script = document.createElement("script");
            script.src = "https://cdn.example.invalid/evil.js";
            document.head.append(script);
          })
        );
        assert.match(blocked, /cdn\.example\.invalid/);
      });

      assert.equal(
        await page.evaluate(() => (globalThis as Probe).__pwned),
        undefined,
        "nothing injected ran",
      );
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
