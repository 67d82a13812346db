// Airdrops: the players' page (open drops, eligibility, claim) and the admin page (create,
// distribute), plus the admin's anti-cheat list. Names and descriptions are admin text: escaped.
import { html, type Html } from "../html.ts";
import { displayTokens } from "../../src/tokens/units.ts";

export interface AirdropCard {
  id: number;
  name: string;
  description: string;
  method: string;
  total: number;
  equalShare: number | null;
  participants: number;
  maxParticipants: number;
  winners: number;
  phase: "UPCOMING" | "OPEN" | "ENDED" | "DISTRIBUTED";
  startsAt: string;
  endsAt: string;
  criteria: string[];
  mine: { status: string; amount: number } | null;
  /** Failed checks (empty when eligible); null when not checked (not open). */
  missing: string[] | null;
}

const METHOD_TEXT: Record<string, string> = {
  EQUAL: "Equal share, paid when you claim",
  PROPORTIONAL: "Shared by tokens earned, paid after the end",
  LOTTERY: "Lottery among claimants, paid after the end",
};

function airdropItem(a: AirdropCard): Html {
  let action: Html;
  if (a.mine) action = html`<span class="chip" data-testid="airdrop-mine-${a.id}">${a.mine.status === "PAID" ? `+${displayTokens(a.mine.amount)}` : a.mine.status === "LOST" ? "Not drawn" : "Claimed"}</span>`;
  else if (a.phase === "OPEN" && a.missing && a.missing.length === 0)
    action = html`<form hx-post="/play/airdrops/${a.id}/claim" hx-target="#airdrops" hx-swap="outerHTML"><button type="submit" data-testid="airdrop-claim-${a.id}">Claim</button></form>`;
  else if (a.phase === "OPEN") action = html`<span class="small muted">Not eligible: ${a.missing!.join(", ")}</span>`;
  else action = html`<span class="chip">${a.phase === "UPCOMING" ? `Opens ${a.startsAt}` : a.phase === "ENDED" ? "Ended" : "Distributed"}</span>`;
  return html`<li><div class="grow"><strong>${a.name}</strong> <span class="chip">${displayTokens(a.total)} tokens</span>
  <div class="small muted">${a.description}</div>
  <div class="small">${METHOD_TEXT[a.method] ?? a.method}${a.equalShare !== null ? ` · ${displayTokens(a.equalShare)} each` : ""}${a.method === "LOTTERY" ? ` · ${a.winners} winners` : ""} · ${a.participants}/${a.maxParticipants} claimed · ends ${a.endsAt}</div>
  ${a.criteria.length ? html`<div class="small muted">Needs: ${a.criteria.join(", ")}</div>` : html``}</div>${action}</li>`;
}

export function airdropsList(v: { cards: AirdropCard[]; message?: { ok: boolean; text: string } }): Html {
  return html`<div id="airdrops">
  ${v.message ? html`<p class="notice ${v.message.ok ? "ok" : "bad"}" role="${v.message.ok ? "status" : "alert"}">${v.message.text}</p>` : html``}
  ${v.cards.length === 0 ? html`<section class="card"><p class="muted">No airdrops yet. Admins announce them here.</p></section>` : html`<section class="card"><ul class="list">${v.cards.map(airdropItem)}</ul></section>`}
</div>`;
}

export function airdropsPage(v: { cards: AirdropCard[] }): Html {
  return html`<h1>Airdrops</h1>
<p class="muted">Token drops for players who qualify. One claim each; tokens stay in the game.</p>
${airdropsList(v)}`;
}

export interface AdminAirdropRow {
  id: number;
  name: string;
  method: string;
  total: number;
  participants: number;
  maxParticipants: number;
  status: string;
  endsAt: string;
  ended: boolean;
}

export function adminAirdropsPage(rows: AdminAirdropRow[], achievements: { slug: string; name: string }[], defaults: { startsAt: string; endsAt: string }, notice?: { ok: boolean; text: string }): Html {
  return html`<h1>Airdrops</h1>
<p class="muted small">EQUAL pays each claim at once (total ÷ participants). PROPORTIONAL and LOTTERY register claims and pay when you distribute after the end. Rounding leftovers are never paid.</p>
${notice ? html`<p class="notice ${notice.ok ? "ok" : "bad"}" role="status">${notice.text}</p>` : ""}
<div class="card">
<form hx-post="/admin/airdrops" hx-target="#main" class="stack">
<label>Name <input name="name" maxlength="100" required></label>
<label>Description <textarea name="description" maxlength="1000" rows="2"></textarea></label>
<label>Method <select name="method"><option value="EQUAL">Equal</option><option value="PROPORTIONAL">Proportional</option><option value="LOTTERY">Lottery</option></select></label>
<label>Total tokens <input name="total" inputmode="decimal" required pattern="[0-9]{1,12}(\\.[0-9]{1,3})?"></label>
<label>Max participants <input name="max_participants" type="number" min="1" max="1000000" value="100" required></label>
<label>Lottery winners <input name="winners" type="number" min="1" max="1000000" value="10"></label>
<label>Min account age (days) <input name="min_account_age_days" type="number" min="0" value="0"></label>
<label>Min transactions <input name="min_transactions" type="number" min="0" value="0"></label>
<label>Min level <input name="min_level" type="number" min="0" value="0"></label>
<label>Required achievement <select name="required_achievement"><option value="">None</option>${achievements.map((a) => html`<option value="${a.slug}">${a.name}</option>`)}</select></label>
<label>Starts (UTC) <input name="starts_at" type="datetime-local" value="${defaults.startsAt}" required></label>
<label>Ends (UTC) <input name="ends_at" type="datetime-local" value="${defaults.endsAt}" required></label>
<button type="submit">Create airdrop</button>
</form></div>
<h2>All airdrops</h2>
<div class="card"><table class="rows"><thead><tr><th>Airdrop</th><th>Method</th><th>Total</th><th>Claimed</th><th>Status</th><th></th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr data-airdrop="${r.id}"><td>${r.name} <span class="muted small">ends ${r.endsAt}</span></td><td data-label="Method">${r.method}</td><td data-label="Total">${displayTokens(r.total)}</td><td data-label="Claimed">${r.participants}/${r.maxParticipants}</td><td data-label="Status">${r.status}</td>
<td>${r.status === "OPEN" && r.ended ? html`<form hx-post="/admin/airdrops/${r.id}/distribute" hx-target="#main"><button type="submit" class="secondary">Distribute</button></form>` : ""}</td></tr>`,
)}
</tbody></table></div>`;
}

export interface RiskRow {
  userId: number;
  name: string;
  score: number;
  signal: string | null;
  suspendedUntil: string | null;
  tapsTotal: number;
}

export function adminRiskPage(rows: RiskRow[], thresholds: { flag: number; halve: number; suspend: number }): Html {
  return html`<h1>Anti-cheat</h1>
<p class="muted small">Tap players with a risk score above ${thresholds.flag}. Above ${thresholds.halve} their tap rewards are halved; above ${thresholds.suspend} tapping is suspended for 24 hours. Scores decay by themselves.</p>
${rows.length === 0 ? html`<div class="card"><p class="muted">Nobody is flagged.</p></div>` : html`<div class="card"><table class="rows"><thead><tr><th>Player</th><th>Score</th><th>Last signal</th><th>Suspended until</th><th>Taps</th></tr></thead><tbody>
${rows.map((r) => html`<tr data-user="${r.userId}"><td><a href="/admin/users/${r.userId}">${r.name}</a></td><td data-label="Score">${r.score}</td><td data-label="Last signal">${r.signal ?? "—"}</td><td data-label="Suspended until">${r.suspendedUntil ?? "—"}</td><td data-label="Taps">${r.tapsTotal}</td></tr>`)}
</tbody></table></div>`}`;
}
