/**
 * Real-browser support: launches Debian's Chromium through playwright-core. When
 * Chromium is absent the browser tests skip with a message locally, but in CI
 * (`CI=true`) its absence is a failure.
 */
import { type Browser, chromium } from "playwright-core";

/** Where Debian installs Chromium; `CHROMIUM_PATH` overrides. */
export const CHROMIUM_PATH = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** Whether the browser tests can run here. */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    if (Deno.env.get("CI") === "true") {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}; CI must install it (.ci/run)`);
    }
    console.warn(
      `skipping browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
    );
    return false;
  }
}

/** Launches headless Chromium with the flags this sandbox needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}
