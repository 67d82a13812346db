// The World Cup: the hub (status, your team and registration, group tables, live and upcoming
// matches, results) and the knockout bracket. Plain data in (src/http/routes/competition-pages.ts).
import { formatDifficulty } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface MatchLine {
  key: string;
  round: string;
  a: string | null;
  b: string | null;
  scoreA: number;
  scoreB: number;
  winner: string | null;
  status: string;
  startsAt: string;
}

export interface HubView {
  id: number;
  name: string;
  status: string;
  startsAt: string;
  registrationAt: string;
  roundHours: number;
  minMiners: number;
  champion: string | null;
  myCountry: string | null;
  /** The viewer's profile country (what they would register for), or null. */
  profileCountry: string | null;
  registrations: { country: string; miners: number }[];
  groups: { name: string; rows: { country: string; played: number; won: number; drawn: number; lost: number; points: number; diff: number }[] }[];
  matches: MatchLine[];
  error?: string;
}

const team = (code: string | null) => code ?? "—";
const roundLabel = (r: string) => (r.startsWith("group_") ? `Group ${r.slice(6).toUpperCase()}` : r === "final" ? "Final" : r === "semi" ? "Semi-final" : r === "quarter" ? "Quarter-final" : r.replace("round_of_", "Round of "));

export function matchLine(id: number, m: MatchLine, mine: string | null): Html {
  const bye = m.a === null || m.b === null;
  const mark = (c: string | null) => (c !== null && c === mine ? html`<strong>${c}</strong>` : team(c));
  return html`<li data-testid="match-${m.key}"><a class="row" href="/worldcup/${id}/match/${encodeURIComponent(m.key)}"><span class="grow">${mark(m.a)} v ${mark(m.b)}<br><span class="small muted">${roundLabel(m.round)}${bye ? " · bye" : ""}</span></span><span class="small"${m.status === "live" ? html` data-testid="live-score"` : ""}>${m.status === "scheduled" ? "—" : html`${formatDifficulty(m.scoreA)} : ${formatDifficulty(m.scoreB)}`}</span> <span class="chip${m.status === "live" ? " warn" : m.status === "completed" ? " ok" : ""}">${m.status === "completed" ? "final" : m.status}</span></a></li>`;
}

export function hubPage(v: HubView | null): Html {
  if (!v) return html`<h1>World Cup</h1><div class="card empty"><p>No World Cup is scheduled yet. The pool's admin schedules one; then you register to mine for your country.</p></div><p><a href="/leagues" data-testid="leagues-link">Meanwhile, the leagues: every miner's season of weekly rounds</a></p>`;
  const live = v.matches.filter((m) => m.status === "live");
  const next = v.matches.filter((m) => m.status === "scheduled" && m.a !== null && m.b !== null).slice(0, 6);
  const done = v.matches.filter((m) => m.status === "completed" && m.a !== null && m.b !== null).reverse().slice(0, 12);
  const list = (ms: MatchLine[]) => html`<ul class="list card">${ms.map((m) => matchLine(v.id, m, v.myCountry))}</ul>`;
  return html`<h1>${v.name}</h1>
<p class="small muted">${v.status === "upcoming" ? html`Registration opens ${v.registrationAt}` : v.status === "registration" ? html`Kick-off ${v.startsAt}` : v.status === "active" ? "Under way" : "Finished"} · rounds of ${v.roundHours} h · teams need ${v.minMiners} miners</p>
${v.error ? html`<p class="card error" role="alert">${v.error}</p>` : ""}
${v.champion ? html`<p class="card" data-testid="champion">Champion: <strong>${v.champion}</strong></p>` : ""}
<section class="card" aria-labelledby="team-h"><h2 id="team-h">Your team</h2>
${
  v.myCountry
    ? html`<p data-testid="my-team">You mine for <strong>${v.myCountry}</strong>. Every accepted share in a match window counts, weighted by its difficulty.</p>`
    : v.status === "registration"
      ? v.profileCountry
        ? html`<form method="post" action="/worldcup/${v.id}/register"><p>Mine for <strong>${v.profileCountry}</strong> (your profile's country).</p><button type="submit" data-main-button data-label="Register for ${v.profileCountry}" data-testid="wc-register">Register for ${v.profileCountry}</button></form>`
        : html`<p>Set your country in <a href="/account">your profile</a> to register.</p>`
      : html`<p class="muted">${v.status === "upcoming" ? "Registration has not opened yet." : "Registration is closed."}</p>`
}
</section>
${v.registrations.length && v.status === "registration" ? html`<h2>Registered</h2><ul class="list card">${v.registrations.map((r) => html`<li><span class="grow">${r.country}</span><span class="chip${r.miners >= v.minMiners ? " ok" : ""}">${r.miners} / ${v.minMiners}</span></li>`)}</ul>` : ""}
${live.length ? html`<h2>Live</h2>${list(live)}` : ""}
${
  v.groups.length
    ? html`<h2>Groups</h2>${v.groups.map(
        (g) => html`<div class="card table-wrap"><h3>Group ${g.name}</h3><table><thead><tr><th>Team</th><th>P</th><th>W</th><th>D</th><th>L</th><th>Pts</th><th>Diff</th></tr></thead><tbody>${g.rows.map(
          (r) => html`<tr><td>${r.country === v.myCountry ? html`<strong>${r.country}</strong>` : r.country}</td><td>${r.played}</td><td>${r.won}</td><td>${r.drawn}</td><td>${r.lost}</td><td>${r.points}</td><td>${formatDifficulty(r.diff)}</td></tr>`,
        )}</tbody></table></div>`,
      )}<p><a href="/worldcup/${v.id}/bracket">The knockout bracket</a></p>`
    : ""
}
${next.length ? html`<h2>Next</h2>${list(next)}` : ""}
${done.length ? html`<h2>Results</h2>${list(done)}` : ""}
<p><a href="/leagues" data-testid="leagues-link">Leagues: every miner's season of weekly rounds</a></p>
<p class="small muted">A match is won by the team whose miners submit the most difficulty-weighted shares in its window; in the knockout a tie goes to the team seeded higher (more hashrate in the week before kick-off).</p>`;
}

export function bracketPage(v: { id: number; name: string; rounds: { round: string; matches: MatchLine[] }[]; myCountry: string | null }): Html {
  return html`<p class="small muted"><a href="/worldcup">${v.name}</a></p><h1>Bracket</h1>
${v.rounds.length ? v.rounds.map((r) => html`<h2>${roundLabel(r.round)}</h2><ul class="list card">${r.matches.map((m) => matchLine(v.id, m, v.myCountry))}</ul>`) : html`<p class="card muted">The bracket is drawn at kick-off.</p>`}`;
}

export function matchPage(v: { id: number; name: string; m: MatchLine; startsAt: string; endsAt: string; myCountry: string | null }): Html {
  const m = v.m;
  return html`<p class="small muted"><a href="/worldcup">${v.name}</a> · ${roundLabel(m.round)}</p>
<h1>${team(m.a)} v ${team(m.b)}</h1>
<div class="grid">
  <div class="card stat"><div class="label">${team(m.a)}</div><div class="value" data-testid="score-a">${formatDifficulty(m.scoreA)}</div></div>
  <div class="card stat"><div class="label">${team(m.b)}</div><div class="value" data-testid="score-b">${formatDifficulty(m.scoreB)}</div></div>
</div>
<p class="card">${m.status === "completed" ? html`Winner: <strong>${team(m.winner)}</strong>` : m.status === "live" ? "Live: scores count the shares so far." : "Not started."}<br><span class="small muted">${v.startsAt} – ${v.endsAt} (UTC)</span></p>`;
}
