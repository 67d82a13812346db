// Admin: grant or revoke a badge by hand (a contest prize, a mistake undone). The game records
// the grant with its XP and audits it (src/game/service.ts adminGrant / adminRevoke).
import { html, type Html } from "../html.ts";

export interface BadgeOption {
  slug: string;
  name: string;
  holders: number;
}

export function adminBadgesPage(badges: BadgeOption[], form: { user: string; slug: string }, notice?: { ok: boolean; text: string }, held?: { user: string; slugs: string[] }): Html {
  return html`<h1>Badges</h1>
<p class="muted small">Grant a badge to a user or take one back. Earned badges follow the game's rules; use this for prizes and corrections. Every change is in the audit log.</p>
<div id="badge-form" class="card">
${notice ? html`<p class="${notice.ok ? "" : "error"}" role="status">${notice.text}</p>` : ""}
<form hx-post="/admin/badges" hx-target="#main" class="inline-form">
<input name="user" value="${form.user}" maxlength="100" required placeholder="User: #id, name, email, address or Telegram id" aria-label="User">
<select name="slug" aria-label="Badge">${badges.map((b) => html`<option value="${b.slug}"${b.slug === form.slug ? html` selected` : ""}>${b.name}</option>`)}</select>
<button type="submit" name="op" value="grant">Grant</button>
<button type="submit" name="op" value="revoke" class="secondary">Revoke</button>
</form>
${held ? html`<p class="small">${held.user} holds: ${held.slugs.length ? held.slugs.join(", ") : "no badge"}</p>` : ""}
</div>
<h2>Badges and holders</h2>
<div class="card"><table class="rows"><thead><tr><th>Badge</th><th>Holders</th></tr></thead><tbody>
${badges.map((b) => html`<tr data-badge="${b.slug}"><td>${b.name} <span class="muted small mono">${b.slug}</span></td><td data-label="Holders">${b.holders}</td></tr>`)}
</tbody></table></div>`;
}
