// The Play page (progress): level and the XP bar to the next title, the weekly streak with its
// flame and the 52-week calendar heatmap, personal bests, latest badges, recent XP and the
// player's own activity. Plain data in (src/http/routes/game-pages.ts builds it); all escaped.
import { formatCount, formatDifficulty, timeAgo, timeAt } from "../format.ts";
import { ICONS } from "../icons.ts";
import { html, type Html } from "../html.ts";
import { celebration, type Celebrated } from "../partials/celebrate.ts";
import { feedList, type FeedItem } from "../partials/feed.ts";

export interface PlayView {
  now: number;
  zone: string | null;
  level: number;
  title: string;
  totalXp: number;
  levelXp: number;
  nextLevelXp: number;
  nextTitle: string;
  /** The next named title and the XP it needs (may be several levels away). */
  nextNamed: { level: number; title: string; xp: number } | null;
  streak: { current: number; longest: number; thisWeekCounts: boolean; deadline: number };
  calendar: { weekStart: number; shares: number; bestDiff: number }[];
  bests: { label: string; difficulty: number | null }[];
  badges: { earned: number; total: number; latest: { name: string; rarity: string }[] };
  recentXp: { amount: number; description: string; at: number }[];
  feed: FeedItem[];
  celebrate: Celebrated[];
}

/** Heat level of a week: 0 none, then by powers of ten of accepted shares. */
export const heat = (shares: number) => (shares <= 0 ? 0 : shares < 10 ? 1 : shares < 100 ? 2 : shares < 1000 ? 3 : 4);

export function heatmap(weeks: PlayView["calendar"]): Html {
  const active = weeks.filter((w) => w.shares > 0).length;
  return html`<div class="heatmap" role="img" aria-label="${active} of the last ${weeks.length} weeks with shares" data-testid="heatmap">${weeks.map((w) => {
    const day = new Date(w.weekStart).toISOString().slice(0, 10);
    return html`<span class="heat h${heat(w.shares)}" title="Week of ${day}: ${formatCount(w.shares)} shares${w.shares > 0 ? `, best ${formatDifficulty(w.bestDiff)}` : ""}"></span>`;
  })}</div>
<p class="muted small heat-legend">52 weeks, oldest first · <span class="heat h0"></span> none <span class="heat h1"></span><span class="heat h2"></span><span class="heat h3"></span><span class="heat h4"></span> more shares</p>`;
}

export function playPage(v: PlayView): Html {
  const into = v.totalXp - v.levelXp;
  const span = v.nextLevelXp - v.levelXp;
  const flame = v.streak.current > 0;
  return html`${celebration(v.celebrate)}<h1>Play</h1>
<section class="card" aria-labelledby="level-h">
  <h2 id="level-h">Level <span data-testid="level">${v.level}</span> · ${v.title}</h2>
  <p><span data-testid="total-xp">${formatCount(v.totalXp)}</span> XP · ${formatCount(v.nextLevelXp - v.totalXp)} XP to level ${v.level + 1} (${v.nextTitle})</p>
  <progress class="progress" max="${span}" value="${into}" aria-label="XP towards the next level"></progress>
  ${v.nextNamed ? html`<p class="muted small">Next title: ${v.nextNamed.title} at level ${v.nextNamed.level} (${formatCount(v.nextNamed.xp)} XP)</p>` : ""}
</section>
<section class="card" aria-labelledby="streak-h">
  <h2 id="streak-h"><span class="flame${flame ? " lit" : ""}" aria-hidden="true">${ICONS.flame}</span> Weekly streak</h2>
  <p><span class="hero" data-testid="streak">${v.streak.current}</span> ${v.streak.current === 1 ? "week" : "weeks"} in a row · longest ${v.streak.longest}</p>
  <p class="muted">${v.streak.thisWeekCounts ? "This week already counts." : html`One accepted share before ${timeAt(v.streak.deadline, v.zone)} (Monday 00:00 UTC) keeps this week.`}</p>
  ${heatmap(v.calendar)}
</section>
<section class="card" aria-labelledby="bests-h">
  <h2 id="bests-h">Personal bests</h2>
  <dl class="bests">${v.bests.map((b) => html`<div><dt class="muted small">${b.label}</dt><dd>${b.difficulty === null ? "—" : formatDifficulty(b.difficulty)}</dd></div>`)}</dl>
</section>
<section class="card" aria-labelledby="badges-h">
  <h2 id="badges-h">Badges · ${v.badges.earned} of ${v.badges.total}</h2>
  ${v.badges.latest.length > 0 ? html`<p>${v.badges.latest.map((b) => html`<span class="chip rarity-${b.rarity}">${b.name}</span> `)}</p>` : html`<p class="muted">Your first accepted share earns the first one.</p>`}
  <p><a href="/play/badges">All badges</a></p>
</section>
<section class="card" aria-labelledby="xp-h">
  <h2 id="xp-h">Recent XP</h2>
  ${v.recentXp.length > 0
    ? html`<ul class="list">${v.recentXp.map((x) => html`<li class="row-between"><span>${x.description}</span> <span><b>${x.amount > 0 ? "+" : ""}${formatCount(x.amount)}</b> <span class="muted small">${timeAgo(x.at, v.now, "", v.zone)}</span></span></li>`)}</ul>`
    : html`<p class="muted">No XP yet.</p>`}
  <p><a href="/play/xp">XP history</a></p>
</section>
<section class="card" aria-labelledby="act-h">
  <h2 id="act-h">Your activity</h2>
  ${feedList(v.feed, v.now, "Nothing yet.", v.zone)}
</section>`;
}
