// The page shell. Works inside Telegram (telegram-web-app.js first, then app.js applies theme
// and insets) and in a plain browser. Pages render into <main id="main">; htmx requests get
// only that fragment (see src/http/page.ts).
import { assetUrl } from "./assets.ts";
import { html, type Html } from "./html.ts";

export interface NavItem {
  href: string;
  label: string;
}

/** Top navigation, in display order. */
export const NAV: NavItem[] = [{ href: "/", label: "Pool" }, { href: "/pool", label: "Stats" }, { href: "/dashboard", label: "Dashboard" }, { href: "/setup", label: "Setup" }, { href: "/account", label: "Account" }];

export interface PageMeta {
  title: string;
  /** Path of the current page, to mark the nav item. */
  path: string;
}

/** What an htmx request receives: the title (htmx updates document.title from it) and the content. */
export function fragment(meta: PageMeta, content: Html): Html {
  return html`<title>${meta.title} · The Bitcoin Game</title>${content}`;
}

export function layout(meta: PageMeta, content: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<script src="https://telegram.org/js/telegram-web-app.js"></script>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<title>${meta.title} · The Bitcoin Game</title>
<link rel="icon" href="${assetUrl("icon.svg")}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl("app.css")}">
<script src="${assetUrl("app.js")}"></script>
<script src="${assetUrl("htmx.min.js")}" defer></script>
<script src="${assetUrl("alpine.min.js")}" defer></script>
</head>
<body hx-boost="true" hx-target="#main" hx-swap="innerHTML show:window:top">
<header class="top">
  <a class="brand" href="/">₿ The Bitcoin Game</a>
  <nav id="nav">${NAV.map((n) => html`<a href="${n.href}"${n.href === meta.path ? html` aria-current="page"` : ""}>${n.label}</a>`)}</nav>
</header>
<main id="main">${content}</main>
</body>
</html>`;
}
