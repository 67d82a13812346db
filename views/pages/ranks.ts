// The Ranks pages: a board (weekly, monthly, all time) or the country table, readable by anyone;
// a signed-in miner also sees their own place and the miners around them. Names arrive already
// made public (display name, shortened address or alias); everything is escaped.
import { formatCount, formatDifficulty } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface RankRow {
  rank: number;
  name: string;
  country: string | null;
  level: number;
  title: string;
  bestDiff: number;
  totalShares: number;
  me: boolean;
}

export interface RanksView {
  period: "weekly" | "monthly" | "alltime";
  heading: string;
  since: string | null;
  updatedAt: string;
  participants: number;
  rows: RankRow[];
  mine: { rank: number; percentile: number; neighbors: RankRow[] } | null;
  signedIn: boolean;
}

const scoreOf = (period: RanksView["period"], r: RankRow) => (period === "alltime" ? formatCount(r.totalShares) : formatDifficulty(r.bestDiff));

function table(period: RanksView["period"], rows: RankRow[], testid: string): Html {
  const scoreLabel = period === "alltime" ? "Shares" : "Best difficulty";
  return html`<div class="table-wrap"><table class="rows" data-testid="${testid}"><thead><tr><th class="num">#</th><th>Miner</th><th>Level</th><th class="num">${scoreLabel}</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr${r.me ? html` class="me" aria-current="true"` : ""}><td><strong>${r.rank}.</strong> ${r.name}${r.country ? html` <span class="chip">${r.country}</span>` : ""}${r.me ? html` <span class="chip ok">you</span>` : ""}</td><td data-label="Level">${r.level} · ${r.title}</td><td class="num" data-label="${scoreLabel}">${scoreOf(period, r)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function ranksPage(v: RanksView): Html {
  return html`<h1>${v.heading}</h1>
<p class="muted">${v.since ? `Since ${v.since} · ` : ""}${formatCount(v.participants)} ${v.participants === 1 ? "miner" : "miners"} · updated every 5 minutes (last <time datetime="${v.updatedAt}">${v.updatedAt.slice(11, 16)} UTC</time>)</p>
${
  v.mine
    ? html`<section class="card" aria-labelledby="mine-h"><h2 id="mine-h">Your place</h2><p class="hero" data-testid="my-rank">#${v.mine.rank}</p><p class="muted">Ahead of or level with ${v.mine.percentile}% of this board.</p>${table(v.period, v.mine.neighbors, "neighbors")}</section>`
    : v.signedIn
      ? html`<p class="card muted" data-testid="my-rank-none">You are not on this board yet: one accepted share puts you on it at the next refresh.</p>`
      : ""
}
${
  v.rows.length === 0
    ? html`<div class="card empty"><p>Nobody has mined in this period yet.</p></div>`
    : html`<section class="card" aria-label="Top 100">${table(v.period, v.rows, "board")}</section>`
}
<p class="muted small">Equal scores share a rank and are listed oldest account first. Miners who hide their profile appear under an alias. JSON: <a href="/api/v1/public/leaderboard?period=${v.period}" target="_blank" rel="noopener" hx-boost="false">/api/v1/public/leaderboard</a></p>`;
}

export interface CountriesView {
  period: "weekly" | "monthly" | "alltime";
  since: string | null;
  updatedAt: string;
  rows: { rank: number; countryCode: string; totalMiners: number; totalShares: number; bestDiff: number }[];
}

const COUNTRY_PERIODS = [
  ["weekly", "This week", "/ranks/countries"],
  ["monthly", "This month", "/ranks/countries?period=monthly"],
  ["alltime", "All time", "/ranks/countries?period=alltime"],
] as const;

export function countriesPage(v: CountriesView): Html {
  const label = COUNTRY_PERIODS.find(([p]) => p === v.period)![1];
  return html`<h1>Countries · ${label}</h1>
<nav class="tabs wrap" aria-label="Period">${COUNTRY_PERIODS.map(([p, text, href]) => html`<a href="${href}"${p === v.period ? html` aria-current="page"` : ""}>${text}</a>`)}</nav>
<p class="muted">${v.since ? `Since ${v.since} · ` : ""}accepted shares of the miners who show their country · updated <time datetime="${v.updatedAt}">${v.updatedAt.slice(11, 16)} UTC</time></p>
${
  v.rows.length === 0
    ? html`<div class="card empty"><p>No miner shows a country ${v.period === "alltime" ? "yet" : `this ${v.period === "weekly" ? "week" : "month"} yet`}.</p></div>`
    : html`<section class="card"><div class="table-wrap"><table class="rows" data-testid="countries"><thead><tr><th>Country</th><th class="num">Miners</th><th class="num">Shares</th><th class="num">Best difficulty</th></tr></thead><tbody>${v.rows.map(
        (r) => html`<tr><td><strong>${r.rank}.</strong> ${r.countryCode}</td><td class="num" data-label="Miners">${formatCount(r.totalMiners)}</td><td class="num" data-label="Shares">${formatCount(r.totalShares)}</td><td class="num" data-label="Best difficulty">${formatDifficulty(r.bestDiff)}</td></tr>`,
      )}</tbody></table></div></section>`
}`;
}
