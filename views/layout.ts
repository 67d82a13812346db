// The page shell. Pages render into <main id="main">; an htmx navigation receives only the title,
// the content and the tab bar (swapped out of band, so the current place is marked after every
// navigation). Works in a plain browser and inside Telegram, where static/app.js applies the
// theme, insets, Back/Main buttons and signs the user in with the launch's initData.
import { assetUrl } from "./assets.ts";
import { html, raw, type Html } from "./html.ts";
import { LOGO } from "./icons.ts";
import { isInner, tabFor, tabIcon, visibleTabs } from "./nav.ts";

export interface PageMeta {
  title: string;
  /** Path of the current page: marks the current tab and decides Telegram's Back button. */
  path: string;
  /** The browser holds a session cookie (a hint only: pages check the session themselves). */
  session?: boolean;
}

/**
 * Runs first, inline: telegram-web-app.js is loaded only inside Telegram — told by the launch
 * parameters in the URL hash or the client's webview proxy, remembered for the session's later
 * pages — and always async, so a plain browser never waits for telegram.org (which may be
 * blocked on a LAN). The theme Telegram passes in the hash is applied before the first paint.
 */
const TELEGRAM_LOADER = raw(`<script>(function(){var d=document.documentElement,h=location.hash,s=window.sessionStorage,w=window,t=w.Telegram&&w.Telegram.WebApp;
try{var m=/tgWebAppThemeParams=([^&]*)/.exec(h);var tp=m?decodeURIComponent(m[1]):s.getItem("tbg-tg-theme");if(m)s.setItem("tbg-tg-theme",tp);
var inTg=t||h.indexOf("tgWebAppData=")>=0||w.TelegramWebviewProxy||s.getItem("tbg-tg");if(!inTg)return;s.setItem("tbg-tg","1");
if(tp){var p=JSON.parse(tp);for(var k in p)d.style.setProperty("--tg-theme-"+k.replace(/_/g,"-"),p[k]);}}catch(e){if(!inTg)return}
d.setAttribute("data-tg-pending","");if(t)return;var e=document.createElement("script");e.src="https://telegram.org/js/telegram-web-app.js";e.async=true;
e.onload=function(){w.tbg&&w.tbg.telegram()};document.head.appendChild(e)})()</script>`);

/** htmx swaps 4xx/5xx pages too: an error is a page with navigation, not a silent no-op. No settle
 * delay: htmx wires a swapped button's hx- attributes when the swap settles, so with its default 20 ms a
 * button already on screen did a plain form submit when tapped in that window. */
const HTMX_CONFIG = raw(
  `<meta name="htmx-config" content='{"responseHandling":[{"code":"204","swap":false},{"code":"[2345]..","swap":true}],"historyCacheSize":5,"scrollIntoViewOnBoost":false,"defaultSettleDelay":0}'>`,
);

export function tabBar(meta: PageMeta, oob = false): Html {
  const current = tabFor(meta.path);
  return html`<nav id="tabs" class="tabbar" aria-label="Main" data-inner="${isInner(meta.path) ? "1" : ""}" data-tab="${current?.id ?? ""}"${meta.session ? html` data-session="1"` : ""}${oob ? html` hx-swap-oob="true"` : ""}>${visibleTabs().map(
    (t) => html`<a href="${t.pages[0]}" data-tab="${t.id}"${t === current ? html` aria-current="page"` : ""}>${tabIcon(t)}<span>${t.label}</span></a>`,
  )}</nav>`;
}

/** A place's section tabs (Dashboard · Setup · Pool), on the section pages themselves. */
function sections(meta: PageMeta): Html {
  const list = tabFor(meta.path)?.sections;
  if (!list?.some((s) => s.href === meta.path)) return html``;
  return html`<nav class="tabs" aria-label="Sections">${list.map((s) => html`<a href="${s.href}"${s.href === meta.path ? html` aria-current="page"` : ""}>${s.label}</a>`)}</nav>`;
}

const title = (meta: PageMeta) => html`<title>${meta.title} · The Bitcoin Game</title>`;

/** What an htmx navigation receives: the title (htmx updates document.title from it), the tab bar and the content. */
export function fragment(meta: PageMeta, content: Html): Html {
  return html`${title(meta)}${tabBar(meta, true)}${sections(meta)}${content}`;
}

export function layout(meta: PageMeta, content: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
${TELEGRAM_LOADER}
${title(meta)}
${HTMX_CONFIG}
<link rel="icon" href="${assetUrl("icon.svg")}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl("app.css")}">
<script src="${assetUrl("app.js")}" defer></script>
<script src="${assetUrl("live.js")}" defer></script>
<script src="${assetUrl("htmx.min.js")}" defer></script>
<script src="${assetUrl("alpine.min.js")}" defer></script>
</head>
<body hx-boost="true" hx-target="#main" hx-swap="innerHTML show:window:top"${meta.session ? html` data-session="1"` : ""}>
<header class="top">
  <a class="brand" href="/">${LOGO}<span>The Bitcoin Game</span></a>
  <span class="notif-count" data-notification-count role="status" aria-label="New notifications" hidden></span>
  ${tabBar(meta)}
</header>
<div id="live-banner" class="live-banner" role="status" hidden></div>
<main id="main">${sections(meta)}${content}</main>
<div id="toasts" class="toasts" aria-live="polite"></div>
</body>
</html>`;
}
