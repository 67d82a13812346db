// The full app served on a port with real Chromium beside it: what a page test file opens before
// its tests and closes after (src/**/*.browser.test.ts).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser, serveForBrowser } from "./browser.ts";
import { fullApp, type FullApp } from "./full-app.ts";

/** Where page tests write their screenshots (CI keeps the folder as an artifact). */
export const SHOTS = join(import.meta.dir, "../test-artifacts/screenshots");

export interface BrowserApp {
  browser: Browser;
  f: FullApp;
  /** The served app's origin, e.g. http://127.0.0.1:41234 */
  base: string;
  /** Closes the browser, the server and the app's storage. */
  close(): Promise<void>;
}

export async function openBrowserApp(opts: Parameters<typeof fullApp>[0] = {}): Promise<BrowserApp> {
  mkdirSync(SHOTS, { recursive: true });
  const f = await fullApp(opts);
  const { base, stop } = serveForBrowser(f.app);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    stop();
    await f.close();
    throw err;
  }
  return {
    browser,
    f,
    base,
    close: async () => {
      await browser.close();
      stop();
      await f.close();
    },
  };
}
