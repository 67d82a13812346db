// Admin: the setup doctor's checks (the same as `tbg doctor`), each pass or fail with its fix.
import { html, type Html } from "../html.ts";

export interface DoctorRow {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export function adminDoctorPage(checks: DoctorRow[], ms: number): Html {
  const failed = checks.filter((c) => !c.ok).length;
  return html`<h1>Setup doctor</h1>
<p class="${failed ? "error" : "muted"}" role="status">${failed ? `${failed} problem${failed > 1 ? "s" : ""} found` : "Everything checks out."} <span class="muted small">(${checks.length} checks in ${ms} ms; <code>tbg doctor</code> runs the same on the server)</span></p>
<ul class="list card">
${checks.map((c) => html`<li data-check="${c.name}" data-ok="${c.ok ? "1" : "0"}"><span class="chip ${c.ok ? "ok" : "bad"}">${c.ok ? "pass" : "fail"}</span><div class="grow"><strong>${c.name}</strong><div class="small"><span>${c.detail}</span></div>${c.fix ? html`<div class="small error">Fix: <span>${c.fix}</span></div>` : ""}</div></li>`)}
</ul>
<p><a class="button secondary" href="/admin/doctor">Check again</a></p>`;
}
