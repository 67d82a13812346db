// The lottery pages: this week's tickets and the past draws, and one draw with everything needed
// to check it (ticket file, commitment, seeding block, hash, winners). Plain data in; escaped.
import { formatCount } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface DrawView {
  week_start: string;
  status: string;
  total_tickets: number;
  total_participants: number;
  commitment: string;
  target_height: number;
  confirmations_required: number;
  block_hash: string | null;
  seed: string | null;
  waiting: string | null;
  ticket_file: string;
  winners: { position: number; ticket: number; name: string; xp_prize: number }[];
}

const PLACE = ["", "1st", "2nd", "3rd"];

export function drawCard(d: DrawView, link: boolean): Html {
  return html`<section class="card" data-testid="draw-${d.week_start}">
<h2>${link ? html`<a href="/play/lottery/${d.week_start}">Week of ${d.week_start}</a>` : html`Week of ${d.week_start}`} <span class="chip${d.status === "drawn" ? " ok" : " warn"}">${d.status === "drawn" ? "drawn" : "waiting"}</span></h2>
<p class="muted">${formatCount(d.total_tickets)} tickets · ${formatCount(d.total_participants)} miners · seeded by block ${formatCount(d.target_height)}</p>
${d.waiting ? html`<p data-testid="draw-waiting">${d.waiting}.</p>` : ""}
${d.winners.length ? html`<ol class="list">${d.winners.map((w) => html`<li><span class="chip ok">${PLACE[w.position] ?? w.position}</span><span class="grow">${w.name}</span><span class="muted">ticket ${formatCount(w.ticket)} · +${w.xp_prize} XP</span></li>`)}</ol>` : ""}
</section>`;
}

export function lotteryPage(v: { weekStart: string; closesAt: string; prizes: readonly number[]; myTickets: number | null; draws: DrawView[]; closing: { week: string; reason: string }[] }): Html {
  return html`<h1>Weekly lottery</h1>
<section class="card">
<h2>This week (from ${v.weekStart})</h2>
<p>Every accepted share this week is a ticket. Three prizes: ${v.prizes.map((p, i) => html`${i ? " · " : ""}${p} XP`)}, each with the Lucky Ticket badge. Closes <time datetime="${v.closesAt}">${v.closesAt.slice(0, 10)} 00:00 UTC</time>.</p>
${v.myTickets === null ? html`<p class="muted">Sign in to see your tickets.</p>` : html`<p>Your tickets so far: <strong data-testid="my-tickets">${formatCount(v.myTickets)}</strong></p>`}
<p class="muted small">Provably fair: when the week closes the ticket list and its SHA-256 are published and the draw is tied to a Bitcoin block that does not exist yet. Anyone can re-run it with <code>tbg lottery verify WEEK</code>.</p>
</section>
<h2>Draws</h2>
${v.closing.map((c) => html`<section class="card" data-testid="closing-${c.week}"><h2>Week of ${c.week} <span class="chip warn">closing</span></h2><p>${c.reason}.</p></section>`)}
${v.draws.length ? v.draws.map((d) => drawCard(d, true)) : html`<div class="card empty"><p>No week has been drawn yet.</p></div>`}`;
}

export function drawPage(d: DrawView): Html {
  const row = (label: string, value: Html | string, testid: string) => html`<li><span class="muted">${label}</span><code class="grow" data-testid="${testid}">${value}</code></li>`;
  return html`<h1>Lottery · week of ${d.week_start}</h1>
${drawCard(d, false)}
<section class="card"><h2>Check it yourself</h2>
<ul class="list">
${row("Ticket file SHA-256 (commitment)", d.commitment, "commitment")}
${row("Seeding block height", String(d.target_height), "height")}
${row("Block hash", d.block_hash ?? `not yet (needs ${d.confirmations_required} confirmations)`, "block-hash")}
${row("Seed = SHA-256(hash ‖ commitment)", d.seed ?? "not yet", "seed")}
</ul>
<p><a href="${d.ticket_file}" download hx-boost="false">Download the ticket file</a> · <code>tbg lottery verify ${d.week_start}</code></p>
</section>`;
}
