// Account pages: profile and settings, API keys, active sessions. Everything user-supplied
// (names, user agents, key names) is escaped by the template tag.
import type { ApiKeyView } from "../../src/auth/api-keys.ts";
import type { SettingsView } from "../../src/users/profile.ts";
import type { UserView } from "../../src/users/view.ts";
import { timeAgo, timeAt } from "../format.ts";
import { html, type Html } from "../html.ts";
import { errorLine } from "./auth.ts";

export interface SessionView {
  id: string;
  method: string;
  started_at: string;
  last_used_at: string;
  expires_at: string;
  ip_address: string | null;
  user_agent: string | null;
  current: boolean;
}


export function profileForm(u: UserView, opts: { error?: string; saved?: boolean } = {}): Html {
  return html`<form id="profile-card" class="card" hx-post="/account/profile" hx-target="this" hx-swap="outerHTML">
  <h2>Profile</h2>
  <p class="muted">Payout address: <span class="mono" data-testid="btc-address">${u.btc_address ?? "none yet"}</span>${u.email ? html` · Email: ${u.email} ${u.email_verified ? html`<span class="chip ok">verified</span>` : html`<span class="chip warn">not verified</span>`}` : ""}${u.telegram_username ? html` · Telegram: @${u.telegram_username}` : ""}</p>
  <label for="display_name">Display name</label>
  <input id="display_name" name="display_name" maxlength="24" value="${u.display_name ?? ""}">
  <label for="country_code">Country (two letters, e.g. PT)</label>
  <input id="country_code" name="country_code" maxlength="2" value="${u.country_code ?? ""}">
  ${errorLine(opts.error)}${opts.saved ? html`<p role="status" class="muted">Saved.</p>` : ""}
  <p><button type="submit" data-main-button>Save profile</button></p>
</form>`;
}

const CHECKS: [keyof SettingsView, string][] = [
  ["notification_blocks", "Notify me when a block is found"],
  ["notification_badges", "Notify me about badges"],
  ["notification_streaks", "Notify me about streaks"],
  ["notification_lottery", "Notify me about the weekly lottery"],
  ["notification_shares", "Notify me about share milestones"],
  ["notification_email", "Also send notifications by email"],
  ["privacy_show_profile", "Show my profile publicly"],
  ["privacy_show_hashrate", "Show my hashrate publicly"],
  ["privacy_show_country", "Show my country publicly"],
];

export function settingsForm(s: SettingsView, opts: { error?: string; saved?: boolean } = {}): Html {
  return html`<form id="settings-card" class="card" hx-post="/account/settings" hx-target="this" hx-swap="outerHTML" data-timezone="${s.timezone}">
  <h2>Settings</h2>
  ${CHECKS.map(([k, label]) => html`<label class="check"><input type="checkbox" name="${k}" value="1"${s[k] ? html` checked` : ""}> ${label}</label>`)}
  <label for="sound_mode">Sounds</label>
  <select id="sound_mode" name="sound_mode">${(["off", "subtle", "full"] as const).map((m) => html`<option value="${m}"${s.sound_mode === m ? html` selected` : ""}>${m}</option>`)}</select>
  <label for="timezone">Time zone (IANA name, e.g. Europe/Lisbon; times on every page use it)</label>
  <input id="timezone" name="timezone" maxlength="64" value="${s.timezone}">
  ${errorLine(opts.error)}${opts.saved ? html`<p role="status" class="muted">Saved.</p>` : ""}
  <p><button type="submit" data-secondary-button>Save settings</button></p>
</form>`;
}

export function accountPage(u: UserView, s: SettingsView): Html {
  return html`<h1>Your account</h1>${profileForm(u)}${settingsForm(s)}
${u.role === "admin" ? html`<p class="card"><a href="/admin">Admin: users, pool health, badges, audit log, setup doctor, logs</a></p>` : ""}
<form class="card" hx-post="/signin/out"><button type="submit" class="secondary">Sign out</button></form>`;
}

export function keysPage(keys: ApiKeyView[], created?: { key: string; name: string }, error?: string, now = Date.now(), zone?: string | null): Html {
  return html`<h1>API keys</h1>
${created ? html`<div class="card"><p>Key <b>${created.name}</b> created. Copy it now: it is not shown again.</p>
<div class="copy"><code id="new-key" data-testid="new-key">${created.key}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('new-key').textContent, this)">Copy</button></div>
<p class="muted">Send it as the <code>X-API-Key</code> header.</p></div>` : ""}
<form class="card" hx-post="/account/keys">
  <label for="key-name">Name</label><input id="key-name" name="name" required maxlength="64">
  <label for="key-perm">Permission</label>
  <select id="key-perm" name="permission"><option value="read">read</option><option value="write">read and write</option></select>
  ${errorLine(error)}
  <p><button type="submit" data-main-button>Create key</button></p>
</form>
<div class="card"><table class="rows"><thead><tr><th>Name</th><th>Key</th><th>Permissions</th><th>Last used</th><th></th></tr></thead><tbody>
${keys.length ? keys.map((k) => html`<tr><td>${k.name}</td><td class="mono" data-label="Key">${k.prefix}…</td><td data-label="Permissions">${k.permissions.join(", ")}</td><td data-label="Last used">${timeAgo(k.last_used_at, now, "never", zone)}</td>
<td><form hx-post="/account/keys/${k.id}/revoke" hx-confirm="Revoke this key?"><button type="submit" class="secondary">Revoke</button></form></td></tr>`) : html`<tr><td colspan="5" class="muted">No keys yet.</td></tr>`}
</tbody></table></div>`;
}

/** `zone`: the user's time-zone setting; the times are written in it. */
export function sessionsPage(sessions: SessionView[], now = Date.now(), zone?: string | null): Html {
  return html`<h1>Sessions</h1>
<div class="card"><table class="rows"><thead><tr><th>Signed in with</th><th>Since</th><th>Last active</th><th>Device</th><th></th></tr></thead><tbody>
${sessions.map((s) => html`<tr><td>${s.method}${s.current ? html` <span class="chip ok">this device</span>` : ""}</td><td data-label="Since">${timeAt(s.started_at, zone)}</td><td data-label="Last active">${timeAgo(s.last_used_at, now, "never", zone)}</td><td class="small" data-label="Device"><span>${s.ip_address ?? ""} ${s.user_agent ?? ""}</span></td>
<td><form hx-post="/account/sessions/${s.id}/revoke" hx-confirm="Sign out this session?"><button type="submit" class="secondary">Sign out</button></form></td></tr>`)}
</tbody></table></div>`;
}
