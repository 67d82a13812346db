// The miner dashboard for one payout address: hashrate chart, workers with online state, best
// difficulty, accepted/rejected shares with reasons, blocks. The stats block refreshes itself.
import type { MiningStats } from "../../src/mining/stats.ts";
import { html, type Html } from "../html.ts";
import { lineChart } from "../partials/chart.ts";
import { oddsCard } from "../partials/odds.ts";
import { formatCount, formatDifficulty, formatHashrate, timeAgo } from "../format.ts";

export interface DashboardView {
  address: string;
  dashboard: Awaited<ReturnType<MiningStats["dashboard"]>>;
  workers: Awaited<ReturnType<MiningStats["workers"]>>;
  series: Awaited<ReturnType<MiningStats["userSeries"]>>;
  rejects: Awaited<ReturnType<MiningStats["rejects"]>>;
  blocks: Awaited<ReturnType<MiningStats["blocks"]>>["data"];
  bests: Awaited<ReturnType<MiningStats["bests"]>>;
  now: number;
  /** The signed-in viewer's time-zone setting: exact times are written in it (else UTC). */
  zone?: string | null;
}

export function addressForm(action: string, value = "", error?: string): Html {
  return html`<form class="card" method="get" action="${action}">
  <label for="address">Payout address (the miner's username before the dot)</label>
  <div class="copy"><input id="address" name="address" value="${value}" placeholder="bc1q…" autocomplete="off" spellcheck="false" required maxlength="100"><button type="submit" data-main-button data-label="${action === "/setup" ? "Set up this address" : "Show my miners"}">Show</button></div>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ""}
</form>`;
}

function stat(label: string, value: string | number, testid?: string): Html {
  return html`<div class="card stat"><div class="label">${label}</div><div class="value"${testid ? html` data-testid="${testid}"` : ""}>${value}</div></div>`;
}

export function dashboardStats(v: DashboardView): Html {
  const d = v.dashboard;
  const q = encodeURIComponent(v.address);
  const r = v.rejects;
  // data-live-address: static/live.js keeps this current from the WebSocket for the address's
  // signed-in owner, skips the timed polling meanwhile and refreshes the block (tbg-refresh) when
  // the socket says something changed; everyone else keeps polling.
  return html`<div id="miner-stats" data-live-address="${v.address}" hx-get="/partials/dashboard?address=${q}" hx-trigger="every 15s, tbg-refresh" hx-target="this" hx-swap="outerHTML">
<div class="grid">
  ${stat("Hashrate (5 min)", formatHashrate(d.hashrate.current), "hashrate")}
  ${stat("Workers online", `${d.workers.online} / ${d.workers.total}`, "workers-online")}
  ${stat("Best share this week", formatDifficulty(d.best_diff.weekly), "best-week")}
  ${stat("Best share ever", formatDifficulty(d.best_diff.alltime), "best-ever")}
  ${stat("Best since the pool's last block", formatDifficulty(d.best_diff.since_last_block))}
  ${stat("Weekly rank", d.best_diff.weekly_rank ? `#${d.best_diff.weekly_rank}` : "—")}
  ${stat("Shares today (UTC)", formatCount(d.shares.today), "shares-today")}
  ${stat("Accepted today", d.shares.accepted_rate === null ? "—" : `${d.shares.accepted_rate}%`)}
</div>
${oddsCard(d.hashrate.current, d.network.difficulty, { week: d.best_diff.weekly, ever: d.best_diff.alltime })}
<h2>Hashrate, last 24 hours</h2>
<div class="card">${lineChart(v.series.points.map((p) => ({ t: p.t, v: p.hashrate })), { title: "Hashrate, last 24 hours", format: formatHashrate, id: "hashrate-chart" })}</div>
<h2>Workers</h2>
<div class="card"><table class="rows" data-testid="workers">
<thead><tr><th>Worker</th><th>State</th><th class="num">Hashrate</th><th class="num">Best share</th><th>Last share</th></tr></thead>
<tbody>${v.workers.length === 0 ? html`<tr><td colspan="5" class="muted">No workers yet.</td></tr>` : v.workers.map((w) => html`<tr data-live-worker="${w.name}">
  <td><b>${w.name || "(default)"}</b><div class="muted small">${w.user_agent ?? ""}</div></td>
  <td data-label="State"><span class="chip ${w.is_online ? "ok" : "bad"}">${w.is_online ? "online" : "offline"}</span></td>
  <td class="num" data-label="Hashrate" data-live-rate>${formatHashrate(w.hashrate_5m)}</td>
  <td class="num" data-label="Best share">${formatDifficulty(w.best_diff)}</td>
  <td data-label="Last share">${timeAgo(w.last_share_at, v.now, "never", v.zone)}</td></tr>`)}</tbody>
</table></div>
<h2>Shares, last 24 hours</h2>
<div class="grid">
  ${stat("Accepted", formatCount(r.accepted), "accepted-24h")}
  ${stat("Rejected", formatCount(r.rejected), "rejected-24h")}
  ${stat("Stale (old job)", formatCount(r.by_reason.stale))}
  ${stat("Duplicate", formatCount(r.by_reason.duplicate))}
  ${stat("Below difficulty", formatCount(r.by_reason.low_difficulty))}
  ${stat("Other reasons", formatCount(r.by_reason.other))}
</div>
<h2>Your blocks (all time)</h2>
${blocksTable(v.blocks, "No block found yet — every share is a lottery ticket for the whole reward.", v.now, v.zone)}
</div>`;
}

const BLOCK_STATE: Record<string, string> = { confirmed: "ok", orphaned: "bad", rejected: "bad" };

export function blocksTable(blocks: DashboardView["blocks"], empty: string, now: number, zone?: string | null): Html {
  if (blocks.length === 0) return html`<p class="card muted">${empty}</p>`;
  return html`<div class="card"><table class="rows">
<thead><tr><th class="num">Height</th><th>Finder</th><th class="num">Reward</th><th>Status</th><th>Found</th></tr></thead>
<tbody>${blocks.map((b) => html`<tr><td class="num">${b.height}</td><td class="mono" data-label="Finder">${b.address.slice(0, 10)}…${b.worker ? `.${b.worker}` : ""}</td>
<td class="num" data-label="Reward">${(b.reward_sats / 1e8).toFixed(8)} BTC</td><td data-label="Status"><span><span class="chip ${BLOCK_STATE[b.status] ?? "warn"}">${b.status}</span> <span class="muted">${b.confirmations} conf.</span></span></td>
<td data-label="Found">${timeAgo(b.found_at, now, "never", zone)}</td></tr>`)}</tbody></table></div>`;
}

export function dashboardPage(v: DashboardView): Html {
  return html`<h1>Miner dashboard</h1>
<p class="muted mono" data-testid="address">${v.address}</p>
${dashboardStats(v)}
<section class="card live-shares" data-live-shares hidden><h2>Live shares</h2><p class="muted">Waiting for your miners' next share…</p><ol></ol></section>
<p class="muted"><a href="/setup?address=${encodeURIComponent(v.address)}">Add a device</a> · <a href="/users/${encodeURIComponent(v.address)}" target="_blank" rel="noopener" hx-boost="false">ckpool JSON</a></p>`;
}

/** Signed in without a payout address: where to link one, so pages show the user's own mining. */
export function linkAddressPrompt(): Html {
  return html`<div class="card" data-testid="link-address">
  <p><b>Your account has no payout address yet.</b> Link the address your miners use, and your dashboard, setup and Home show it without typing it again.</p>
  <p><a class="button" href="/account/address">Link your payout address</a></p>
</div>`;
}

export function dashboardEmpty(address: string, error?: string, opts: { linkAddress?: boolean } = {}): Html {
  return html`<h1>Miner dashboard</h1>
${opts.linkAddress ? linkAddressPrompt() : ""}
<p class="muted">${opts.linkAddress ? "Or look up any address your miners use as their stratum username." : "Enter the Bitcoin address your miners use as their stratum username."}</p>
${addressForm("/dashboard", address, error)}
<p class="muted">New here? <a href="/setup">Set up a miner</a>.</p>`;
}
