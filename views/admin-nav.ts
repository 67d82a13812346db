// The admin pages, in one table: the admin section tabs are drawn from it. A feature that brings
// an admin page (competitions, lessons, airdrops, anti-cheat review…) adds its entry here and
// serves the page with `{ page: "admin" }` (src/http/plugins/caller.ts), wrapped in adminShell.
// The admin page tests read this table: a registered page is checked at 360 px in Telegram's
// themes and on a desktop, and refused to players, without touching the tests; a GET under
// /admin that is not registered here fails src/http/routes/admin-pages.test.ts.
import { html, type Html } from "./html.ts";

export interface AdminPage {
  href: string;
  label: string;
}

export const ADMIN_PAGES: readonly AdminPage[] = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/pool", label: "Pool" },
  { href: "/admin/badges", label: "Badges" },
  { href: "/admin/competitions", label: "Competitions" },
  { href: "/admin/airdrops", label: "Airdrops" },
  { href: "/admin/risk", label: "Anti-cheat" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/doctor", label: "Doctor" },
  { href: "/admin/logs", label: "Logs" },
];

/** The admin page a path belongs to (a user's detail page belongs to Users). */
export function adminPageFor(path: string): AdminPage | null {
  let best: AdminPage | null = null;
  for (const p of ADMIN_PAGES) if ((path === p.href || path.startsWith(p.href + "/")) && (best === null || p.href.length > best.href.length)) best = p;
  return best;
}

/** Section tabs above every admin page's content. */
export function adminShell(path: string, content: Html): Html {
  const current = adminPageFor(path);
  return html`<nav class="tabs wrap" aria-label="Admin">${ADMIN_PAGES.map((p) => html`<a href="${p.href}"${p === current ? html` aria-current="page"` : ""}>${p.label}</a>`)}</nav>${content}`;
}
