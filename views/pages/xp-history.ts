// XP history: the player's ledger, newest first, a page at a time.
import { formatCount, timeAt } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface XpRow {
  amount: number;
  description: string;
  at: number;
}

export function xpHistoryPage(v: { rows: XpRow[]; total: number; next: number | null; zone: string | null; bySource: { label: string; total: number }[] }): Html {
  return html`<h1>XP history</h1>
<section class="card"><p><span class="hero" data-testid="xp-total">${formatCount(v.total)}</span> XP in total</p>
${v.bySource.length > 0 ? html`<p class="muted small">${v.bySource.map((s, i) => html`${i > 0 ? " · " : ""}${s.label}: ${formatCount(s.total)}`)}</p>` : ""}</section>
${v.rows.length === 0
  ? html`<p class="empty muted">No XP yet. Your first accepted share of a day earns 50.</p>`
  : html`<div class="card"><ul class="list xp-list">${v.rows.map((r) => html`<li class="row-between"><span>${r.description}<br><span class="muted small">${timeAt(r.at, v.zone)}</span></span><b>${r.amount > 0 ? "+" : ""}${formatCount(r.amount)}</b></li>`)}</ul></div>`}
${v.next !== null ? html`<p><a href="/play/xp?cursor=${v.next}">Older</a></p>` : ""}`;
}
