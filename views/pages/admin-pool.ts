// Admin: the pool at a glance — the node and its chain, how old the work is, who is connected
// with which software and difficulty, why shares are rejected (per hour), the blocks found with
// the node's verdict, the pool's limit counters, the event bus's queues, and the configuration
// the process runs with (secrets hidden).
import { formatDifficulty, formatHashrate, timeAgo, timeAt } from "../format.ts";
import { html, type Html } from "../html.ts";
import type { BlockCandidateRow, PoolHealthCounters } from "./admin.ts";

export interface AdminPoolView {
  node: { state: string; network: string; url: string; explanation: string | null; height: number | null; networkDifficulty: number | null; since: number };
  /** ms since the newest template, null before the first. */
  templateAgeMs: number | null;
  sessions: number;
  workers: { address: string; worker: string; userAgent: string | null; currentDiff: number | null; sessions: number; lastShareAt: number | null; hashrate5m: number }[];
  totals: { accepted: number; rejected: Record<string, number> };
  hours: { hour: number; accepted: number; rejected: Record<string, number> }[];
  blocks: BlockCandidateRow[];
  health: PoolHealthCounters;
  bus: { name: string; event: string; queued: number; capacity: number; delivered: number; dropped: number; errors: number }[];
  config: [string, string][];
}

const REASONS = ["stale", "duplicate", "low_difficulty", "unauthorized", "not_subscribed", "other"];

export function adminPoolPage(v: AdminPoolView, now: number, zone?: string | null): Html {
  const stateChip = v.node.state === "ready" ? "ok" : v.node.state === "syncing" || v.node.state === "connecting" ? "warn" : "bad";
  const rejectedTotal = Object.values(v.totals.rejected).reduce((a, b) => a + b, 0);
  return html`<h1>Pool</h1>
<div class="grid">
<div class="card stat" data-stat="node"><div class="label">Node</div><div class="value"><span class="chip ${stateChip}">${v.node.state}</span></div><div class="sub">${v.node.network} · since ${timeAgo(v.node.since, now, "—", zone)}</div></div>
<div class="card stat"><div class="label">Height</div><div class="value">${v.node.height ?? "—"}</div><div class="sub">network difficulty ${v.node.networkDifficulty ? formatDifficulty(v.node.networkDifficulty) : "—"}</div></div>
<div class="card stat" data-stat="template"><div class="label">Template age</div><div class="value">${v.templateAgeMs === null ? "none yet" : `${Math.round(v.templateAgeMs / 1000)} s`}</div><div class="sub">work miners hash on</div></div>
<div class="card stat"><div class="label">Connections</div><div class="value">${v.sessions}</div><div class="sub">${v.workers.length} workers online</div></div>
<div class="card stat"><div class="label">Shares since start</div><div class="value">${v.totals.accepted}</div><div class="sub">${rejectedTotal} rejected</div></div>
</div>
${v.node.explanation ? html`<p class="error" role="status">${v.node.explanation}</p>` : ""}
<p class="small muted">Node RPC: <span class="mono">${v.node.url}</span>. Check the whole setup on <a href="/admin/doctor">Doctor</a>.</p>
<h2>Connected workers</h2>
<div class="card"><table class="rows"><thead><tr><th>Worker</th><th>Miner software</th><th>Difficulty</th><th>Hashrate (5 min)</th><th>Last share</th></tr></thead><tbody>
${v.workers.length ? v.workers.map((w) => html`<tr data-worker="${w.worker}"><td class="mono small"><span>${w.address}.${w.worker}</span></td><td class="small" data-label="Software"><span>${w.userAgent ?? "—"}</span></td><td data-label="Difficulty">${w.currentDiff !== null ? formatDifficulty(w.currentDiff) : "—"}</td><td data-label="Hashrate">${formatHashrate(w.hashrate5m)}</td><td data-label="Last share">${timeAgo(w.lastShareAt, now, "none yet", zone)}</td></tr>`) : html`<tr><td colspan="5" class="muted">No worker is connected.</td></tr>`}
</tbody></table></div>
<h2>Rejected shares by reason</h2>
<p class="small muted">"All": since this process started. Per hour: the last 24 hours of the whole pool, from storage. Stale shares follow new blocks; many low-difficulty shares mean a miner ignores the difficulty it is sent.</p>
<div class="card"><table class="rows"><thead><tr><th>Hour</th><th>Accepted</th>${REASONS.map((r) => html`<th>${r.replace(/_/g, " ")}</th>`)}</tr></thead><tbody>
<tr data-hour="total"><td><strong>All</strong></td><td data-label="Accepted">${v.totals.accepted}</td>${REASONS.map((r) => html`<td data-label="${r.replace(/_/g, " ")}">${v.totals.rejected[r] ?? 0}</td>`)}</tr>
${v.hours.slice().reverse().map((h) => html`<tr><td class="small">${timeAt(h.hour, zone)}</td><td data-label="Accepted">${h.accepted}</td>${REASONS.map((r) => html`<td data-label="${r.replace(/_/g, " ")}">${h.rejected[r] ?? 0}</td>`)}</tr>`)}
</tbody></table></div>
<h2>Blocks found</h2>
<div class="card"><table class="rows"><thead><tr><th>Height</th><th>Hash</th><th>Node's verdict</th><th>Worker</th><th>Found</th></tr></thead><tbody>
${v.blocks.length ? v.blocks.map((b) => html`<tr data-block="${b.hash}"><td>${b.height}</td><td class="mono small" data-label="Hash"><span>${b.hash}</span></td><td data-label="Verdict"><span class="chip ${b.state === "accepted" ? "ok" : b.state === "pending" ? "warn" : "bad"}">${b.state}</span> ${b.reason ?? ""}${b.unanswered ? ` (${b.unanswered} submits unanswered)` : ""}</td><td class="mono small" data-label="Worker"><span>${b.address}.${b.worker}</span></td><td class="small" data-label="Found">${timeAt(b.foundAt, zone)}</td></tr>`) : html`<tr><td colspan="5" class="muted">No block found yet.</td></tr>`}
</tbody></table></div>
<h2>Limits and losses since start</h2>
<div class="card"><table class="rows"><tbody>
${[...Object.entries(v.health.stratum), ...Object.entries(v.health.events)].map(([k, n]) => html`<tr data-counter="${k}"><td>${k.replace(/_/g, " ")}</td><td data-label="Count" class="${k === "accepted_shares_dropped" && n > 0 ? "error" : ""}">${n}</td></tr>`)}
</tbody></table></div>
<h2>Event bus queues</h2>
<p class="small muted">Each consumer of pool events has its own bounded queue; a full queue drops rejected shares only and counts them.</p>
<div class="card"><table class="rows"><thead><tr><th>Consumer</th><th>Event</th><th>Queued</th><th>Delivered</th><th>Dropped</th><th>Errors</th></tr></thead><tbody>
${v.bus.map((s) => html`<tr data-queue="${s.name}:${s.event}"><td>${s.name}</td><td data-label="Event">${s.event}</td><td data-label="Queued">${s.queued} / ${s.capacity}</td><td data-label="Delivered">${s.delivered}</td><td data-label="Dropped" class="${s.dropped > 0 ? "error" : ""}">${s.dropped}</td><td data-label="Errors">${s.errors}</td></tr>`)}
</tbody></table></div>
<h2>Configuration</h2>
<p class="small muted">What this process runs with (environment and defaults); secrets are hidden.</p>
<div class="card"><table class="rows"><tbody>
${v.config.map(([k, val]) => html`<tr data-config="${k}"><td class="mono small">${k}</td><td class="mono small" data-label=""><span>${val}</span></td></tr>`)}
</tbody></table></div>`;
}
