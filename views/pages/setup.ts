// Setup: the exact stratum URL and username for this host, and a live check that turns green
// when the first share from a new device arrives.
import { html, type Html } from "../html.ts";
import { timeAgo } from "../format.ts";
import { addressForm, linkAddressPrompt } from "./dashboard.ts";

export interface SetupInfo {
  stratum_url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  network: string;
  notes: string[];
}

export interface SetupView {
  info: SetupInfo;
  address: string | null;
  error?: string;
  since: number;
  /** Signed in without a payout address: the page offers to link one. */
  linkAddress?: boolean;
}

export interface FirstShare {
  worker: string;
  at: number;
  userAgent: string | null;
}

export function setupWait(address: string, since: number, seen: FirstShare[], now: number, zone?: string | null): Html {
  if (seen.length > 0) {
    return html`<div id="setup-wait" class="card" data-testid="setup-wait" data-state="done">
  <p><span class="chip ok">received</span> First share${seen.length > 1 ? "s" : ""} arrived:</p>
  <ul>${seen.map((s) => html`<li><b>${s.worker || "(default)"}</b> ${s.userAgent ? html`<span class="muted">${s.userAgent}</span>` : ""} — ${timeAgo(s.at, now, "never", zone)}</li>`)}</ul>
  <p><a class="button" href="/dashboard?address=${encodeURIComponent(address)}">Open your dashboard</a></p>
</div>`;
  }
  return html`<div id="setup-wait" class="card" data-testid="setup-wait" data-state="waiting"
  hx-get="/partials/setup/wait?address=${encodeURIComponent(address)}&since=${since}" hx-trigger="every 3s" hx-target="this" hx-swap="outerHTML">
  <p><span class="chip warn">waiting</span> Waiting for the first share from <span class="mono">${address}</span>…</p>
  <p class="muted">Most devices send one within a minute of restarting. This box updates by itself.</p>
</div>`;
}

export function setupPage(v: SetupView): Html {
  const i = v.info;
  // The live check comes first: it is what the user watches while restarting the device.
  return html`<h1>Set up a miner</h1>
${v.linkAddress ? linkAddressPrompt() : ""}
${v.address && !v.error ? setupWait(v.address, v.since, [], v.since) : addressForm("/setup", v.address ?? "", v.error)}
<h2>Stratum URL</h2>
<div class="card">
  <div class="copy"><code id="setup-url" data-testid="setup-url">${i.stratum_url}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('setup-url').textContent, this)">Copy</button></div>
</div>
<h2>Username</h2>
<div class="card">
  <div class="copy"><code id="setup-user" data-testid="setup-user">${i.username}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('setup-user').textContent, this)">Copy</button></div>
  <p class="muted">Password: <code>${i.password}</code>. ${i.notes.join(" ")}</p>
</div>
<h2>Bitaxe / NerdAxe (AxeOS)</h2>
<div class="card"><ol class="steps">
  <li><b>Stratum URL</b>: <code>${i.host}</code></li>
  <li><b>Stratum Port</b>: <code>${i.port}</code></li>
  <li><b>Stratum User</b>: <code>${i.username}</code></li>
  <li><b>Stratum Password</b>: <code>${i.password}</code></li>
  <li>Save and restart the device.</li>
</ol>
<p class="muted">cgminer, bmminer and cpuminer take the full URL: <code>${i.stratum_url}</code></p></div>
${v.address && !v.error ? html`<h2>Another address</h2>${addressForm("/setup", v.address, undefined)}` : ""}`;
}
