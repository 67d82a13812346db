// Admin: the last lines this process logged (newest first), filtered by level, so an admin on a
// phone sees what the pool says without a shell. Secrets never reach the log (src/log.ts).
import { timeAt } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface LogLineView {
  time: number;
  level: string;
  component: string | null;
  msg: string;
  fields: string;
}

const LEVELS = ["debug", "info", "warn", "error"];

export function adminLogsPage(lines: LogLineView[], level: string, kept: number, zone?: string | null): Html {
  return html`<h1>Logs</h1>
<form class="inline-form" method="get" action="/admin/logs" hx-get="/admin/logs" hx-target="#main" hx-push-url="true">
<select name="level" aria-label="Lowest level">${LEVELS.map((l) => html`<option value="${l}"${l === level ? html` selected` : ""}>${l} and above</option>`)}</select>
<button type="submit">Show</button></form>
<p class="muted small">The last ${kept} lines this process wrote, newest first, refreshed every 5 s (the full log is on the server's standard error, e.g. <code>journalctl -u tbg</code>).</p>
<div id="log-lines" class="card" hx-get="/admin/logs?level=${level}" hx-trigger="every 5s" hx-select="#log-lines" hx-target="this" hx-swap="outerHTML"><ul class="list">
${lines.length ? lines.map((l) => html`<li data-level="${l.level}"><div class="grow"><div class="small"><span class="chip ${l.level === "error" ? "bad" : l.level === "warn" ? "warn" : ""}">${l.level}</span> ${timeAt(l.time, zone)} ${l.component ? html`<span class="muted">${l.component}</span>` : ""}</div><pre class="logs">${l.msg}${l.fields}</pre></div></li>`) : html`<li class="muted">No lines at this level yet.</li>`}
</ul></div>`;
}
