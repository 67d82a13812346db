// The Play page: the signed-in player's level, XP towards the next level, weekly streak and
// badges. Plain data in (src/http/routes/game-pages.ts builds it); everything escaped.
import { formatCount } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface PlayView {
  level: number;
  title: string;
  totalXp: number;
  levelXp: number;
  nextLevelXp: number;
  nextTitle: string;
  streak: { current: number; longest: number; thisWeekCounts: boolean };
  badges: { slug: string; name: string; description: string; rarity: string; xpReward: number; earned: boolean }[];
}

export function playPage(v: PlayView): Html {
  const into = v.totalXp - v.levelXp;
  const span = v.nextLevelXp - v.levelXp;
  const earned = v.badges.filter((b) => b.earned);
  const badge = (b: PlayView["badges"][number]) =>
    html`<li class="card" data-testid="badge-${b.slug}"><strong>${b.name}</strong> <span class="chip${b.earned ? " ok" : ""}">${b.earned ? "earned" : b.rarity}</span><br><span class="muted">${b.description} (+${formatCount(b.xpReward)} XP)</span></li>`;
  return html`<h1>Play</h1>
<section class="card" aria-labelledby="level-h">
  <h2 id="level-h">Level ${v.level} · ${v.title}</h2>
  <p><span data-testid="total-xp">${formatCount(v.totalXp)}</span> XP · ${formatCount(v.nextLevelXp - v.totalXp)} XP to level ${v.level + 1} (${v.nextTitle})</p>
  <progress class="progress" max="${span}" value="${into}" aria-label="XP towards the next level"></progress>
</section>
<section class="card" aria-labelledby="streak-h">
  <h2 id="streak-h">Weekly streak</h2>
  <p><span data-testid="streak">${v.streak.current}</span> ${v.streak.current === 1 ? "week" : "weeks"} in a row · longest ${v.streak.longest}</p>
  <p class="muted">${v.streak.thisWeekCounts ? "This week already counts." : "One accepted share before Monday 00:00 UTC keeps this week."}</p>
</section>
<h2>Badges · ${earned.length} of ${v.badges.length}</h2>
<ul class="plain">${v.badges.map(badge)}</ul>`;
}
