// Admin: find a user (name, email, payout address or Telegram id) and act on the account:
// ban/unban (the pool refuses a banned payout address), role, confirm email, end all sessions.
import { formatDifficulty, timeAgo, timeAt } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface AdminUserRow {
  id: number;
  displayName: string | null;
  email: string | null;
  emailVerified: boolean;
  btcAddress: string | null;
  telegramId: number | null;
  telegramUsername: string | null;
  role: string;
  isBanned: boolean;
  authMethod: string;
  createdAt: number;
  lastLoginAt: number | null;
}

export interface AdminSessionRow {
  method: string;
  startedAt: number;
  lastUsedAt: number;
  ipAddress: string | null;
  userAgent: string | null;
}

export interface AdminWorkerRow {
  name: string;
  userAgent: string | null;
  isOnline: boolean;
  currentDiff: number | null;
  bestDiff: number;
  sharesAccepted: number;
  sharesRejected: number;
  lastShareAt: number | null;
}

export interface AuditView {
  id: number;
  createdAt: number;
  /** Who did it, as a name ("Ana (#3)"), or null for nobody signed in. */
  actor: string | null;
  actorId: number | null;
  action: string;
  /** The action in words, with the target's name where there is one. */
  summary: string;
  ipAddress: string | null;
}

/** A user as admins name them: display name, else email, else address, else Telegram handle; always with the id. */
export function userLabel(u: Pick<AdminUserRow, "id" | "displayName" | "email" | "btcAddress" | "telegramUsername">): string {
  const name = u.displayName ?? u.email ?? (u.telegramUsername ? `@${u.telegramUsername}` : null) ?? (u.btcAddress ? `${u.btcAddress.slice(0, 10)}…` : null) ?? "user";
  return `${name} (#${u.id})`;
}

const chips = (u: AdminUserRow) =>
  html`${u.role === "admin" ? html` <span class="chip warn">admin</span>` : ""}${u.isBanned ? html` <span class="chip bad">banned</span>` : ""}`;

export function adminUsersPage(q: string, users: AdminUserRow[], zone?: string | null): Html {
  return html`<h1>Users</h1>
<form class="inline-form" method="get" action="/admin/users" hx-get="/admin/users" hx-target="#main" hx-push-url="true">
<input type="search" name="q" value="${q}" maxlength="100" placeholder="Name, email, address or Telegram id" aria-label="Search users">
<button type="submit">Search</button></form>
<div class="card"><table class="rows"><thead><tr><th>User</th><th>Signed in with</th><th>Registered</th></tr></thead><tbody>
${users.length ? users.map((u) => html`<tr data-user="${u.id}"><td><a href="/admin/users/${u.id}">${userLabel(u)}</a>${chips(u)}</td><td data-label="Signed in with">${u.authMethod}</td><td class="small" data-label="Registered">${timeAt(u.createdAt, zone)}</td></tr>`) : html`<tr><td colspan="3" class="muted">No user matches.</td></tr>`}
</tbody></table></div>`;
}

/** A button that posts one admin action; every action is confirmed and audited. */
const action = (id: number, path: string, label: string, confirm: string, secondary = true, extra: Html | string = "") =>
  html`<form hx-post="/admin/users/${id}/${path}" hx-confirm="${confirm}">${extra}<button type="submit"${secondary ? html` class="secondary"` : ""}>${label}</button></form>`;

export function adminUserPage(
  d: { user: AdminUserRow; telegram: { firstName: string | null; lastName: string | null } | null; sessions: AdminSessionRow[]; workers: AdminWorkerRow[]; audit: AuditView[]; self: boolean },
  now: number,
  zone?: string | null,
  notice?: { ok: boolean; text: string },
): Html {
  const u = d.user;
  return html`<h1>${userLabel(u)}${chips(u)}</h1>
${notice ? html`<p class="${notice.ok ? "muted" : "error"}" role="status">${notice.text}</p>` : ""}
<div class="card"><table class="rows"><tbody>
<tr><td>Display name</td><td data-label="">${u.displayName ?? "—"}</td></tr>
<tr><td>Email</td><td data-label=""><span>${u.email ?? "—"}${u.email ? (u.emailVerified ? " (verified)" : " (not verified)") : ""}</span></td></tr>
<tr><td>Payout address</td><td class="mono small" data-label=""><span>${u.btcAddress ?? "—"}</span></td></tr>
<tr><td>Telegram</td><td data-label=""><span>${u.telegramId !== null ? `${u.telegramId}${u.telegramUsername ? ` @${u.telegramUsername}` : ""}${d.telegram?.firstName ? ` ${d.telegram.firstName} ${d.telegram.lastName ?? ""}` : ""}` : "—"}</span></td></tr>
<tr><td>Role</td><td data-label="">${u.role}</td></tr>
<tr><td>Registered</td><td data-label="">${timeAt(u.createdAt, zone)}</td></tr>
<tr><td>Last sign-in</td><td data-label="">${timeAgo(u.lastLoginAt, now, "never", zone)}</td></tr>
</tbody></table></div>
<h2>Actions</h2>
<div class="inline-form">
${d.self ? html`<span class="muted small">You cannot ban yourself or remove your own admin role.</span>` : html`
${u.isBanned ? action(u.id, "unban", "Unban", "Unban this user? Their payout address can mine again.", false) : action(u.id, "ban", "Ban", "Ban this user? Their sessions end and the pool refuses their payout address.", false)}
${action(u.id, "role", u.role === "admin" ? "Remove admin role" : "Make admin", u.role === "admin" ? "Remove the admin role?" : "Give this user the admin role?", true, html`<input type="hidden" name="role" value="${u.role === "admin" ? "user" : "admin"}">`)}`}
${u.email && !u.emailVerified ? action(u.id, "confirm-email", "Confirm email", "Mark this email as verified?") : ""}
${d.sessions.length ? action(u.id, "revoke-sessions", "Sign out everywhere", "End all of this user's sessions?") : ""}
</div>
<h2>Workers</h2>
<div class="card"><table class="rows"><thead><tr><th>Worker</th><th>Miner</th><th>Difficulty</th><th>Best</th><th>Shares</th><th>Last share</th></tr></thead><tbody>
${d.workers.length ? d.workers.map((w) => html`<tr><td>${w.name} ${w.isOnline ? html`<span class="chip ok">online</span>` : html`<span class="chip">offline</span>`}</td><td class="small" data-label="Miner"><span>${w.userAgent ?? "—"}</span></td><td data-label="Difficulty">${w.currentDiff !== null ? formatDifficulty(w.currentDiff) : "—"}</td><td data-label="Best">${formatDifficulty(w.bestDiff)}</td><td data-label="Shares">${w.sharesAccepted} ok / ${w.sharesRejected} rejected</td><td data-label="Last share">${timeAgo(w.lastShareAt, now, "never", zone)}</td></tr>`) : html`<tr><td colspan="6" class="muted">No workers.</td></tr>`}
</tbody></table></div>
<h2>Sessions</h2>
<div class="card"><table class="rows"><thead><tr><th>Signed in with</th><th>Since</th><th>Last active</th><th>Device</th></tr></thead><tbody>
${d.sessions.length ? d.sessions.map((s) => html`<tr><td>${s.method}</td><td data-label="Since">${timeAt(s.startedAt, zone)}</td><td data-label="Last active">${timeAgo(s.lastUsedAt, now, "never", zone)}</td><td class="small" data-label="Device"><span>${s.ipAddress ?? ""} ${s.userAgent ?? ""}</span></td></tr>`) : html`<tr><td colspan="4" class="muted">No active session.</td></tr>`}
</tbody></table></div>
<h2>Audit trail</h2>
${auditTable(d.audit, zone)}
<p class="small">What this user did and what admins did to them. <a href="/admin/audit?user=${u.id}">All of these events</a></p>`;
}

export function auditTable(rows: AuditView[], zone?: string | null): Html {
  return html`<div class="card"><table class="rows"><thead><tr><th>When</th><th>Who</th><th>What</th><th>IP</th></tr></thead><tbody>
${rows.length ? rows.map((a) => html`<tr data-audit="${a.id}"><td class="small">${timeAt(a.createdAt, zone)}</td><td data-label="Who">${a.actorId !== null ? html`<a href="/admin/users/${a.actorId}">${a.actor}</a>` : html`<span class="muted">nobody signed in</span>`}</td><td data-label="What"><span>${a.summary}</span></td><td class="small" data-label="IP">${a.ipAddress ?? ""}</td></tr>`) : html`<tr><td colspan="4" class="muted">No events.</td></tr>`}
</tbody></table></div>`;
}

export function adminAuditPage(filters: { user: string; action: string }, actions: readonly string[], rows: AuditView[], nextBefore: number | null, zone?: string | null): Html {
  const qs = (before: number) => new URLSearchParams({ ...(filters.user ? { user: filters.user } : {}), ...(filters.action ? { action: filters.action } : {}), before: String(before) }).toString();
  return html`<h1>Audit log</h1>
<form class="inline-form" method="get" action="/admin/audit" hx-get="/admin/audit" hx-target="#main" hx-push-url="true">
<input type="search" name="user" value="${filters.user}" maxlength="100" placeholder="By or about: name, email, address or #id" aria-label="User (events by or about them)">
<select name="action" aria-label="Action"><option value="">Any action</option>${actions.map((a) => html`<option value="${a}"${a === filters.action ? html` selected` : ""}>${a.replace(/_/g, " ")}</option>`)}</select>
<button type="submit">Filter</button></form>
${auditTable(rows, zone)}
${nextBefore !== null ? html`<p><a href="/admin/audit?${qs(nextBefore)}">Older events</a></p>` : ""}`;
}
