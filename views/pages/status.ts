// Pool status: is the pool up, is the node reachable, and how to point a miner at it.
import { formatHashrate } from "../../src/mining/hashrate.ts";
import { timeAt } from "../format.ts";
import { miningToday } from "../partials/mining-today.ts";
import { html, type Html } from "../html.ts";

export interface StatusView {
  startedAt: number;
  now: number;
  version: string;
  network: string;
  /** `explanation`: what is wrong with the node and which setting fixes it, in plain words. */
  node: { state: string; lastError?: string; explanation?: string | null; since: number };
  stratum: { listening: boolean; url: string; host: string; port: number };
  height?: number;
  networkDifficulty?: number;
  sessions: number;
  workers: number;
  blocksFound: number;
  /** Several instances on one PostgreSQL database: the pool as a whole and its instances. */
  cluster?: ClusterView;
  /** The signed-in viewer's time-zone setting (exact times), else UTC. */
  zone?: string | null;
}

export interface ClusterView {
  /** Distinct miners and workers online over every instance. */
  miners: number;
  workers: number;
  sessions: number;
  /** Blocks found since start, over live instances. */
  blocksFound: number;
  instances: { id: string; stratumUrl: string | null; leader: boolean; self: boolean; sessions: number; hashrate5m: number; version: string }[];
}

const NODE_STATE: Record<string, { label: string; cls: string }> = {
  ready: { label: "connected", cls: "ok" },
  connecting: { label: "connecting", cls: "warn" },
  syncing: { label: "syncing", cls: "warn" },
  down: { label: "unreachable", cls: "bad" },
  "wrong-network": { label: "wrong network", cls: "bad" },
};

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

import { formatDifficulty } from "../format.ts";
export { formatDifficulty };

/** The part that refreshes itself every 10 s. */
export function statusCards(v: StatusView): Html {
  const node = NODE_STATE[v.node.state] ?? { label: v.node.state, cls: "warn" };
  return html`<div id="pool-status" hx-get="/partials/status" hx-trigger="every 10s" hx-target="this" hx-swap="outerHTML">
  <div class="grid">
    <div class="card stat"><div class="label">Running for</div><div class="value">${formatDuration(v.now - v.startedAt)}</div><div class="sub">since ${timeAt(v.startedAt, v.zone)}</div></div>
    <div class="card stat"><div class="label">Bitcoin node</div><div class="value"><span class="chip ${node.cls}" data-testid="node-state">${node.label}</span></div></div>
    <div class="card stat"><div class="label">Stratum</div><div class="value"><span class="chip ${v.stratum.listening ? "ok" : "bad"}">${v.stratum.listening ? "listening" : "stopped"}</span></div></div>
    <div class="card stat"><div class="label">Network</div><div class="value">${v.network}</div></div>
    <div class="card stat"><div class="label">Working on block</div><div class="value">${v.height ?? "—"}</div></div>
    <div class="card stat"><div class="label">Network difficulty</div><div class="value">${v.networkDifficulty !== undefined ? formatDifficulty(v.networkDifficulty) : "—"}</div></div>
    ${v.cluster
      ? html`<div class="card stat"><div class="label">Miners online (pool)</div><div class="value" data-testid="pool-miners">${v.cluster.miners}</div>
      <div class="sub">${v.cluster.sessions} connections, ${v.sessions} on this instance</div></div>
    <div class="card stat"><div class="label">Blocks found since start</div><div class="value">${v.cluster.blocksFound}</div><div class="sub">${v.blocksFound} through this instance</div></div>`
      : html`<div class="card stat"><div class="label">Miners connected now</div><div class="value">${v.sessions}</div></div>
    <div class="card stat"><div class="label">Blocks found since start</div><div class="value">${v.blocksFound}</div></div>`}
  </div>
  ${v.cluster ? instancesTable(v.cluster) : ""}
  ${v.node.state !== "ready" && (v.node.explanation ?? v.node.lastError) ? html`<p class="${node.cls === "bad" ? "error" : "muted"}" data-testid="node-problem">${v.node.explanation ?? v.node.lastError}</p>` : ""}
  ${v.node.state !== "ready" ? html`<p class="muted">Miners can connect now; they get work as soon as the node answers.</p>` : ""}
</div>`;
}

function instancesTable(c: ClusterView): Html {
  return html`<h2>Instances</h2>
  <div class="card"><table class="rows" data-testid="instances">
    <thead><tr><th>Instance</th><th>Stratum</th><th>Connections</th><th>Hashrate (5 min)</th><th>Version</th><th>Jobs</th></tr></thead>
    <tbody>${c.instances.map(
      (i) => html`<tr><td data-label="Instance"><code>${i.id}</code>${i.self ? " (this one)" : ""}</td><td data-label="Stratum"><code>${i.stratumUrl ?? "—"}</code></td>
      <td data-label="Connections">${i.sessions}</td><td data-label="Hashrate (5 min)">${formatHashrate(i.hashrate5m)}</td><td data-label="Version">${i.version}</td>
      <td data-label="Jobs">${i.leader ? html`<span class="chip ok" data-testid="instance-leader" title="runs the scheduled jobs">leader</span>` : "—"}</td></tr>`,
    )}</tbody>
  </table></div>`;
}

/**
 * Home starts with the user's own mining: app.js loads today's numbers for the address this
 * device follows (the last dashboard opened) into this card; without one it shows how to start.
 */
const yourMining = miningToday(null);

export function statusPage(v: StatusView): Html {
  return html`${yourMining}<h1>Pool status</h1>
${statusCards(v)}
<section id="pool-feed" aria-label="Pool activity"></section>
<h2>Your stratum URL</h2>
<div class="card">
  <div class="copy"><code id="stratum-url">${v.stratum.url}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('stratum-url').textContent, this)">Copy</button></div>
  <p class="muted">Username: your own Bitcoin address, optionally followed by <code>.workername</code>. Password: anything (<code>x</code>), or <code>d=NUMBER</code> to fix the start difficulty. If you find a block, the whole reward goes to your address.</p>
</div>
<h2>Point a Bitaxe at this pool</h2>
<div class="card">
  <ol class="steps">
    <li>Open your Bitaxe's web page (AxeOS) and go to <b>Settings</b>.</li>
    <li><b>Stratum URL</b>: <code>${v.stratum.host}</code> (no <code>stratum+tcp://</code> prefix).</li>
    <li><b>Stratum Port</b>: <code>${v.stratum.port}</code></li>
    <li><b>Stratum User</b>: <code>YOUR_BTC_ADDRESS.bitaxe</code></li>
    <li><b>Stratum Password</b>: <code>x</code></li>
    <li>Save and restart. The first shares appear within a minute.</li>
  </ol>
  <p class="muted">cgminer, bmminer (Antminer) and cpuminer take the full URL: <code>${v.stratum.url}</code>.</p>
</div>
<p class="muted">The Bitcoin Game ${v.version} · <a href="/docs" hx-boost="false">API documentation</a></p>`;
}
