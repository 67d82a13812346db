// The pool page: hashrate, miners, recent blocks and the network.
import type { MiningStats } from "../../src/mining/stats.ts";
import { html, type Html } from "../html.ts";
import { lineChart } from "../partials/chart.ts";
import { blocksTable } from "./dashboard.ts";
import { formatCount, formatDifficulty, formatHashrate } from "../format.ts";

export interface PoolView {
  stats: Awaited<ReturnType<MiningStats["publicStats"]>>;
  day: Awaited<ReturnType<MiningStats["poolSeries"]>>;
  week: Awaited<ReturnType<MiningStats["poolSeries"]>>;
  blocks: Awaited<ReturnType<MiningStats["blocks"]>>["data"];
  now: number;
  /** The signed-in viewer's time-zone setting (exact times), else UTC. */
  zone?: string | null;
}

export function poolStats(v: PoolView): Html {
  const s = v.stats;
  const card = (label: string, value: string | number, testid?: string) =>
    html`<div class="card stat"><div class="label">${label}</div><div class="value"${testid ? html` data-testid="${testid}"` : ""}>${value}</div></div>`;
  return html`<div id="pool-stats" hx-get="/partials/pool" hx-trigger="every 15s" hx-target="this" hx-swap="outerHTML">
<div class="grid">
  ${card("Pool hashrate (5 min)", formatHashrate(s.hashrate["5m"]), "pool-hashrate")}
  ${card("Hashrate (24 h)", formatHashrate(s.hashrate["1d"]))}
  ${card("Miners online", `${s.miners.online} / ${s.miners.total}`, "pool-miners")}
  ${card("Workers online", `${s.workers.online} / ${s.workers.total}`, "pool-workers")}
  ${card("Blocks found (all time)", formatCount(s.blocks.found), "pool-blocks")}
  ${card("Network block height", s.network.block_height ?? "—")}
  ${card("Network difficulty", s.network.difficulty === null ? "—" : formatDifficulty(s.network.difficulty))}
  ${card("Next retarget", s.network.next_retarget_blocks === null ? "—" : `${s.network.next_retarget_blocks} blocks`)}
</div>
<h2>Pool hashrate, last 24 hours</h2>
<div class="card">${lineChart(v.day.points.map((p) => ({ t: p.t, v: p.hashrate })), { title: "Pool hashrate, last 24 hours", format: formatHashrate })}</div>
<h2>Pool hashrate, last 7 days</h2>
<div class="card">${lineChart(v.week.points.map((p) => ({ t: p.t, v: p.hashrate })), { title: "Pool hashrate, last 7 days", format: formatHashrate })}</div>
<h2>Recent blocks</h2>
${blocksTable(v.blocks, "This pool has not found a block yet.", v.now, v.zone)}
</div>`;
}

export function poolPage(v: PoolView): Html {
  return html`<h1>Pool</h1>
${poolStats(v)}
<p class="muted">Raw numbers: <a href="/api/v1/public/stats" target="_blank" rel="noopener" hx-boost="false">/api/v1/public/stats</a> (JSON)</p>`;
}
