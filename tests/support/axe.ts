/**
 * Accessibility scans in the browser tests: axe-core injected into the page (the
 * browser context must bypass CSP for the inline script), returning the serious and
 * critical violations as readable lines.
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

/** The serious and critical axe violations on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => "axe" in globalThis);
  if (!loaded) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const run = (globalThis as any).axe.run;
    const r = await run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return (results as { id: string; impact: string; targets: string[] }[])
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(", ")}`);
}
