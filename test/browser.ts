// Real headless Chromium (Debian's package) for page tests, driven by playwright-core.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

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
export function telegramScript(opts: { initData: string; themeParams?: Record<string, string>; colorScheme?: "light" | "dark"; platform?: string }): string {
  return `(() => {
  const handlers = {};
  const calls = [];
  window.__tg = { calls, emit: (e) => (handlers[e] || []).forEach((h) => h()) };
  const rec = (name) => (...a) => { calls.push(name); };
  // A bottom button: its state (text, visible) and the handler the page gave it, to press from a test.
  const button = (name) => ({ text: "", isVisible: false, handler: null,
    setParams(p) { if ("text" in p) this.text = p.text; if ("is_visible" in p) this.isVisible = p.is_visible; calls.push(name + ".setParams"); return this; },
    show() { this.isVisible = true; return this; }, hide() { this.isVisible = false; return this; },
    onClick(h) { this.handler = h; return this; }, offClick(h) { if (this.handler === h) this.handler = null; return this; },
    showProgress() { calls.push(name + ".showProgress"); return this; }, hideProgress() { return this; } });
  window.Telegram = { WebApp: {
    initData: ${JSON.stringify(opts.initData)},
    initDataUnsafe: {},
    colorScheme: ${JSON.stringify(opts.colorScheme ?? "light")},
    themeParams: ${JSON.stringify(opts.themeParams ?? {})},
    safeAreaInset: { top: 20, bottom: 34, left: 0, right: 0 },
    contentSafeAreaInset: { top: 8, bottom: 0, left: 0, right: 0 },
    viewportStableHeight: 640,
    platform: ${JSON.stringify(opts.platform ?? "tdesktop")},
    version: "8.0",
    isVersionAtLeast: (v) => parseFloat(v) <= 8.0,
    ready: rec("ready"), expand: rec("expand"), requestFullscreen: rec("requestFullscreen"),
    setHeaderColor: rec("setHeaderColor"), setBackgroundColor: rec("setBackgroundColor"),
    enableClosingConfirmation: rec("enableClosingConfirmation"), disableClosingConfirmation: rec("disableClosingConfirmation"),
    onEvent: (e, h) => { (handlers[e] = handlers[e] || []).push(h); },
    BackButton: { isVisible: false, show() { this.isVisible = true; calls.push("BackButton.show"); }, hide() { this.isVisible = false; calls.push("BackButton.hide"); }, onClick: (h) => { calls.push("BackButton.onClick"); window.__tg.back = h; } },
    MainButton: button("MainButton"), SecondaryButton: button("SecondaryButton"),
    HapticFeedback: { notificationOccurred: (k) => calls.push("haptic:" + k), impactOccurred: (k) => calls.push("impact:" + k), selectionChanged: () => calls.push("haptic:selection") },
  } };
})();`;
}

/**
 * Opens pages the way a Telegram client does: the client's `Telegram.WebApp` exists before the
 * page's scripts run (so the page must not fetch telegram.org), and telegram.org itself is
 * unreachable. Call on a context or page before navigating.
 */
export async function asTelegramClient(target: BrowserContext | Page, opts: Parameters<typeof telegramScript>[0]): Promise<void> {
  await target.addInitScript(telegramScript(opts));
  await target.route("https://telegram.org/**", (r) => r.abort());
}

/** Serves an app (anything with `handle(Request)`) on a free loopback port for a browser to open. */
export function serveForBrowser(app: { handle(request: Request): Response | Promise<Response> }): { base: string; stop(): void } {
  // An Elysia app listens itself, so its WebSocket routes (/api/ws, which static/live.js opens on every page) work too.
  const elysia = app as unknown as { listen?: (o: { port: number; hostname: string }) => { server: { port?: number } | null; stop(closeActive?: boolean): Promise<void> } };
  if (typeof elysia.listen === "function") {
    const a = elysia.listen({ port: 0, hostname: "127.0.0.1" });
    return { base: `http://127.0.0.1:${a.server!.port}`, stop: () => void a.stop(true) };
  }
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => app.handle(req) });
  return { base: `http://127.0.0.1:${s.port}`, stop: () => s.stop(true) };
}
