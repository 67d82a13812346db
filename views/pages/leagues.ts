// The leagues table: the season and its weekly rounds, the viewer's club, a tab per tier, and the
// chosen league's table with the promotion and relegation zones marked (a chip and an edge, not
// colour alone) and the viewer's row highlighted. Names arrive already public; all text is escaped.
import { formatDifficulty } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface LeagueClubLine {
  position: number;
  name: string;
  points: number;
  roundsPlayed: number;
  shares: number;
  sumDiff: number;
  bestDiff: number;
  zone: "promotion" | "relegation" | null;
  movement: "promoted" | "relegated" | "stayed" | null;
  me: boolean;
}

export interface LeaguesView {
  season: number;
  startsAt: string;
  endsAt: string;
  closed: boolean;
  rounds: { round: number; startsAt: string; status: string }[];
  tiers: { tier: number; name: string; clubs: number }[];
  tier: number;
  name: string;
  promote: number;
  relegate: number;
  clubs: LeagueClubLine[];
  mine: { tier: number; league: string; position: number; points: number } | null;
  signedIn: boolean;
  rules: { top: number; bonus: number };
}

const mark = (c: LeagueClubLine, closed: boolean) => {
  if (closed && c.movement === "promoted") return html` <span class="chip ok">promoted</span>`;
  if (closed && c.movement === "relegated") return html` <span class="chip bad">relegated</span>`;
  if (!closed && c.zone === "promotion") return html` <span class="chip ok">↑ up</span>`;
  if (!closed && c.zone === "relegation") return html` <span class="chip bad">↓ down</span>`;
  return "";
};

function roundLine(rounds: LeaguesView["rounds"]): Html {
  const live = rounds.find((r) => r.status === "live");
  const done = rounds.filter((r) => r.status === "completed").length;
  return html`<p class="card" data-testid="rounds">${live ? html`Round <strong>${live.round}</strong> of ${rounds.length} is live (from ${live.startsAt} UTC).` : done === rounds.length ? html`All ${rounds.length} rounds played.` : html`Round 1 starts ${rounds[0]?.startsAt ?? ""} UTC.`} <span class="small muted">${done} of ${rounds.length} rounds done.</span></p>`;
}

export function leaguesPage(v: LeaguesView | null, empty?: { signedIn: boolean }): Html {
  if (!v)
    return html`<h1>Leagues</h1><div class="card empty"><p>The first league season opens at the next check (every 5 minutes). Mine one accepted share and you are placed in a league by your hashrate.</p>${empty?.signedIn ? "" : html`<p><a href="/login">Sign in</a> to see your club highlighted.</p>`}</div>`;
  const zoneClass = (c: LeagueClubLine) => [c.me ? "me" : "", c.zone === "promotion" ? "zone-up" : c.zone === "relegation" ? "zone-down" : ""].filter(Boolean).join(" ");
  return html`<h1>Leagues · season ${v.season}</h1>
<p class="small muted">${v.startsAt} – ${v.endsAt} (UTC) · ${v.closed ? "finished" : "four weekly rounds"}</p>
${roundLine(v.rounds)}
${
  v.mine
    ? html`<section class="card" aria-labelledby="club-h" data-testid="my-club"><h2 id="club-h">Your club</h2><p><a href="/leagues?season=${v.season}&amp;tier=${v.mine.tier}">${v.mine.league}</a>: <strong>#${v.mine.position}</strong> with ${v.mine.points} ${v.mine.points === 1 ? "point" : "points"}.</p></section>`
    : html`<p class="card muted" data-testid="my-club-none">${v.signedIn ? "You are not in a league this season yet: you are placed when you first mine." : html`<a href="/login">Sign in</a> to see your club.`}</p>`
}
<nav class="tabs wrap" aria-label="Tiers">${v.tiers.map((t) => html`<a href="/leagues?season=${v.season}&amp;tier=${t.tier}"${t.tier === v.tier ? html` aria-current="page"` : ""}>${t.name} (${t.clubs})</a>`)}</nav>
<h2>${v.name}</h2>
<p class="small muted">${v.promote ? `Top ${v.promote} go up` : "Top tier"} · ${v.relegate ? `bottom ${v.relegate} go down` : "bottom tier: nobody goes down"}</p>
${
  v.clubs.length === 0
    ? html`<div class="card empty"><p>No club in this league yet.</p></div>`
    : html`<section class="card"><div class="table-wrap"><table class="rows league" data-testid="league-table"><thead><tr><th>Club</th><th class="num">Points</th><th class="num">Rounds</th><th class="num">Share diff</th><th class="num">Best</th></tr></thead><tbody>${v.clubs.map(
        (c) =>
          html`<tr class="${zoneClass(c)}"${c.me ? html` aria-current="true"` : ""} data-zone="${c.zone ?? ""}"><td><strong>${c.position}.</strong> ${c.name}${c.me ? html` <span class="chip ok">you</span>` : ""}${mark(c, v.closed)}</td><td class="num" data-label="Points"><strong>${c.points}</strong></td><td class="num" data-label="Rounds">${c.roundsPlayed}</td><td class="num" data-label="Share diff">${formatDifficulty(c.sumDiff)}</td><td class="num" data-label="Best">${formatDifficulty(c.bestDiff)}</td></tr>`,
      )}</tbody></table></div></section>`
}
<p class="small muted">Each week the clubs of a league are ranked by their difficulty-weighted shares: ${v.rules.top} points for the most, one less per place (at least 1), and ${v.rules.bonus} more for the week's best share. Ties: more shares, then the better best share, then who was placed first. At the season's end the zones move up and down a tier; you are placed by your hashrate when you first mine.</p>`;
}
