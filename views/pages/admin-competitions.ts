// Admin: the World Cups — schedule one, and move one to its next state by hand (the schedule
// moves them on its own; this is for an early start or a stuck one). Every change is audited
// by the World Cup service (src/compete/worldcup/service.ts).
import { html, type Html } from "../html.ts";

export interface AdminCompetitionRow {
  id: number;
  name: string;
  status: string;
  registrationAt: string;
  startsAt: string;
  roundHours: number;
  minMiners: number;
  registrations: number;
  teams: number;
  champion: string | null;
  /** The one legal next state, or null when it is over. */
  next: string | null;
}

export interface CompetitionForm {
  name: string;
  registrationAt: string;
  startsAt: string;
  roundHours: string;
  minMiners: string;
}

const LABEL: Record<string, string> = { upcoming: "Upcoming", registration: "Registration", active: "Active", completed: "Completed" };
const MOVE: Record<string, string> = { registration: "Open registration", active: "Kick off", completed: "Complete" };

export function adminCompetitionsPage(rows: AdminCompetitionRow[], form: CompetitionForm, notice?: { ok: boolean; text: string }): Html {
  return html`<h1>Competitions</h1>
<p class="muted small">World Cups move upcoming → registration → active → completed on their own at their times. Schedule a new one here, or move one to its next state by hand. Every change is in the audit log.</p>
${notice ? html`<p class="notice ${notice.ok ? "ok" : "bad"}" role="status">${notice.text}</p>` : ""}
<h2>World Cups</h2>
${rows.length === 0
  ? html`<p class="card muted">No World Cup yet: schedule the first one below.</p>`
  : html`<div class="card"><table class="rows"><thead><tr><th>World Cup</th><th>State</th><th>Registration opens</th><th>Kick-off</th><th>Registered</th><th>Teams</th><th></th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr data-competition="${r.id}"><td><a href="/worldcup/${r.id}/bracket">${r.name}</a> <span class="muted small">#${r.id} · ${r.roundHours} h rounds · ${r.minMiners}+ miners a team</span></td><td data-label="State">${LABEL[r.status] ?? r.status}${r.champion ? html` <span class="muted small">won by ${r.champion}</span>` : ""}</td><td data-label="Registration opens">${r.registrationAt}</td><td data-label="Kick-off">${r.startsAt}</td><td data-label="Registered">${r.registrations}</td><td data-label="Teams">${r.teams}</td>
<td>${r.next ? html`<form hx-post="/admin/competitions/${r.id}/transition" hx-target="#main"><input type="hidden" name="to" value="${r.next}"><button type="submit" class="secondary">${MOVE[r.next] ?? r.next}</button></form>` : ""}</td></tr>`,
)}
</tbody></table></div>`}
<h2>Schedule a World Cup</h2>
<div class="card">
<form hx-post="/admin/competitions" hx-target="#main" class="stack">
<label>Name <input name="name" value="${form.name}" minlength="3" maxlength="64" required></label>
<label>Registration opens (UTC) <input name="registration_at" type="datetime-local" value="${form.registrationAt}" required></label>
<label>Kick-off (UTC, on the hour) <input name="starts_at" type="datetime-local" step="3600" value="${form.startsAt}" required></label>
<label>Round length (hours) <input name="round_hours" type="number" min="1" max="168" value="${form.roundHours}" required></label>
<label>Min miners per team <input name="min_miners" type="number" min="1" max="1000" value="${form.minMiners}" required></label>
<button type="submit">Schedule</button>
</form></div>`;
}
