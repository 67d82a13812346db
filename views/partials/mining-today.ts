// Home's "Your mining" card: today's numbers for the signed-in user's payout address (or, for an
// anonymous visitor, the address this device follows), refreshed by itself; without one, the way
// to start (or, signed in without a payout address, the way to link one). Level and streak join it when the game exists.
import type { MiningStats } from "../../src/mining/stats.ts";
import { formatCount, formatDifficulty, formatHashrate } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface MiningToday {
  address: string;
  dashboard: Awaited<ReturnType<MiningStats["dashboard"]>>;
}

const stat = (label: string, value: string) => html`<div class="stat"><div class="label">${label}</div><div class="value">${value}</div></div>`;

/** `answered`: this is the partial's answer (not Home's first card), so app.js does not ask again. */
export function miningToday(v: MiningToday | null, address = "", opts: { linkAddress?: boolean; answered?: boolean } = {}): Html {
  if (!v && opts.linkAddress)
    return html`<section class="card" id="your-mining" data-followed="1">
  <h2>Your mining</h2>
  <p>Your account has no payout address yet. Link the address your miners use and today's numbers show here.</p>
  <p><a class="button" href="/account/address">Link your payout address</a> · <a href="/setup">Set up a miner</a></p>
</section>`;
  if (!v)
    return html`<section class="card" id="your-mining"${opts.answered ? html` data-followed="1"` : ""}>
  <h2>Your mining</h2>
  ${address ? html`<p>No shares from <span class="mono">${address}</span> yet.</p>` : ""}
  <p>Point a miner at this pool with your Bitcoin address, then follow it here. <a href="/setup">Set up a miner</a> · <a href="/dashboard">Find my miners</a></p>
</section>`;
  const d = v.dashboard;
  const q = encodeURIComponent(v.address);
  return html`<section class="card" id="your-mining" hx-get="/partials/mining-today?address=${q}" hx-trigger="every 30s" hx-target="this" hx-swap="outerHTML">
  <h2>Your mining today</h2>
  <div class="grid">
    ${stat("Hashrate (5 min)", formatHashrate(d.hashrate.current))}
    ${stat("Workers online", `${d.workers.online} / ${d.workers.total}`)}
    ${stat("Shares today (UTC)", formatCount(d.shares.today))}
    ${stat("Best share this week", formatDifficulty(d.best_diff.weekly))}
  </div>
  <p><a href="/dashboard?address=${q}">Open your dashboard</a></p>
</section>`;
}
