// Home's "Your mining" card: today's numbers for the address this device follows, refreshed by
// itself; without one, the way to start. Level and streak join it when the game exists.
import type { MiningStats } from "../../src/mining/stats.ts";
import { formatCount, formatDifficulty, formatHashrate } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface MiningToday {
  address: string;
  dashboard: Awaited<ReturnType<MiningStats["dashboard"]>>;
}

const stat = (label: string, value: string) => html`<div class="stat"><div class="label">${label}</div><div class="value">${value}</div></div>`;

export function miningToday(v: MiningToday | null, address = ""): Html {
  if (!v)
    return html`<section class="card" id="your-mining">
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
