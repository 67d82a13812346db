// Admin page: the pool's block candidates, accounts waiting for email verification (with no
// SMTP their links are only in the log, so the operator can confirm them here) and recent
// security events.
import { timeAt } from "../format.ts";
import { html, type Html } from "../html.ts";
import { auditTable, type AuditView } from "./admin-users.ts";

export interface PendingVerification {
  userId: number;
  email: string;
  displayName: string | null;
  createdAt: number;
  lastSentAt: number | null;
}


/** A block the pool solved, as its journal holds it (state: pending | accepted | rejected | stale). */
export interface BlockCandidateRow {
  hash: string;
  height: number;
  state: string;
  reason: string | null;
  address: string;
  worker: string;
  foundAt: number;
  unanswered: number;
  /** Journal file with the block hex. */
  file: string;
}

/** The pool's limit and event-loss counters since start (the same as /health/ready's). */
export interface PoolHealthCounters {
  stratum: Record<string, number>;
  events: Record<string, number>;
}

const COUNTER_LABELS: Record<string, string> = {
  refused_at_cap: "Connections refused at the global cap (TBG_MAX_CONNECTIONS)",
  refused_per_ip: "Connections refused by the per-IP limit",
  subscribe_timeouts: "Connections closed for never subscribing",
  idle_timeouts: "Connections closed as idle",
  reject_flood_cuts: "Connections cut for a reject flood",
  authorize_abuse_cuts: "Connections cut for too many authorizations",
  workers_refused: "Worker names refused (limits)",
  bus_dropped: "Events dropped by a full queue (rejected shares only)",
  accepted_shares_dropped: "Accepted shares lost (must stay 0)",
  share_rows_dropped: "Raw share rows dropped (writer far behind)",
  reject_rows_aggregated: "Rejected shares counted without a raw row",
};

function healthSection(h: PoolHealthCounters | undefined): Html | string {
  if (!h) return "";
  const rows = [...Object.entries(h.stratum), ...Object.entries(h.events)];
  if (rows.length === 0) return "";
  return html`<h2>Pool health since start</h2>
<p class="muted small">What the pool's limits refused or cut, and anything lost between the pool and storage. The same numbers are on <a href="/health/ready" target="_blank" rel="noopener">/health/ready</a>.</p>
<div class="card"><table class="rows"><thead><tr><th>Counter</th><th>Count</th></tr></thead><tbody>
${rows.map(([k, v]) => html`<tr data-counter="${k}"><td>${COUNTER_LABELS[k] ?? k}</td><td data-label="Count" class="${k === "accepted_shares_dropped" && v > 0 ? "bad" : ""}">${v}</td></tr>`)}
</tbody></table></div>`;
}

/** `zone`: the admin's time-zone setting; the times are written in it. */
export function adminPage(pending: PendingVerification[], audit: AuditView[], blocks: BlockCandidateRow[] = [], health?: PoolHealthCounters, zone?: string | null): Html {
  return html`<h1>Admin</h1>
${healthSection(health)}
<h2>Block candidates</h2>
<p class="muted small">Every block the pool solved, from its journal. A pending block has no verdict from the node yet and is submitted again until it gets one (also after a restart); its file holds the hex for <code>bitcoin-cli submitblock</code>.</p>
<div class="card"><table class="rows"><thead><tr><th>Height</th><th>Hash</th><th>State</th><th>Worker</th><th>Found</th><th>Node's answer</th></tr></thead><tbody>
${blocks.length ? blocks.map((b) => html`<tr><td>${b.height}</td><td class="small mono" title="${b.file}" data-label="Hash"><span>${b.hash}</span></td><td data-label="State">${b.state}</td><td class="small mono" data-label="Worker"><span>${b.address}.${b.worker}</span></td><td class="small" data-label="Found">${timeAt(b.foundAt, zone)}</td>
<td class="small" data-label="Node">${b.reason ?? (b.state === "accepted" ? "accepted" : "")}${b.unanswered ? html` (${b.unanswered} submits unanswered)` : ""}</td></tr>`) : html`<tr><td colspan="6" class="muted">No block found yet.</td></tr>`}
</tbody></table></div>
<h2>Waiting for email verification</h2>
<div class="card"><table class="rows"><thead><tr><th>Email</th><th>Name</th><th>Registered</th><th>Last mail</th><th></th></tr></thead><tbody>
${pending.length ? pending.map((p) => html`<tr><td><span>${p.email}</span></td><td data-label="Name">${p.displayName ?? ""}</td><td data-label="Registered">${timeAt(p.createdAt, zone)}</td><td data-label="Last mail">${p.lastSentAt ? timeAt(p.lastSentAt, zone) : "—"}</td>
<td><form hx-post="/admin/users/${p.userId}/confirm-email" hx-confirm="Mark this email as verified?" hx-push-url="/admin/users/${p.userId}"><button type="submit" class="secondary">Mark verified</button></form></td></tr>`) : html`<tr><td colspan="5" class="muted">Nobody is waiting.</td></tr>`}
</tbody></table></div>
<h2>Recent security events</h2>
${auditTable(audit, zone)}
<p class="small"><a href="/admin/audit">The whole audit log</a></p>`;
}
