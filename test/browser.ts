// Real headless Chromium (Debian's package) for page tests, driven by playwright-core.
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.TBG_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Stand-in for https://telegram.org/js/telegram-web-app.js (an internet service): the same
 * `window.Telegram.WebApp` surface the pages use, recording calls in `window.__tg`.
 * `initData` empty = a plain browser, as the real script reports outside Telegram.
 */
export function telegramScript(opts: { initData: string; themeParams?: Record<string, string>; colorScheme?: "light" | "dark" }): string {
  return `(() => {
  const handlers = {};
  const calls = [];
  window.__tg = { calls, emit: (e) => (handlers[e] || []).forEach((h) => h()) };
  const rec = (name) => (...a) => { calls.push(name); };
  window.Telegram = { WebApp: {
    initData: ${JSON.stringify(opts.initData)},
    initDataUnsafe: {},
    colorScheme: ${JSON.stringify(opts.colorScheme ?? "light")},
    themeParams: ${JSON.stringify(opts.themeParams ?? {})},
    safeAreaInset: { top: 20, bottom: 34, left: 0, right: 0 },
    contentSafeAreaInset: { top: 8, bottom: 0, left: 0, right: 0 },
    viewportStableHeight: 640,
    ready: rec("ready"), expand: rec("expand"),
    onEvent: (e, h) => { (handlers[e] = handlers[e] || []).push(h); },
    BackButton: { show: rec("BackButton.show"), hide: rec("BackButton.hide"), onClick: rec("BackButton.onClick") },
    HapticFeedback: { notificationOccurred: rec("haptic"), impactOccurred: rec("haptic"), selectionChanged: rec("haptic") },
  } };
})();`;
}

/** Serves an app (anything with `handle(Request)`) on a free loopback port for a browser to open. */
export function serveForBrowser(app: { handle(request: Request): Response | Promise<Response> }): { base: string; stop(): void } {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => app.handle(req) });
  return { base: `http://127.0.0.1:${s.port}`, stop: () => s.stop(true) };
}
