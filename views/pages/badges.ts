// The badge collection: every badge, earned or locked, its rarity and the share of miners who
// have it; each opens a detail sheet (a <details>, so it works without script).
import { formatCount } from "../format.ts";
import { ICONS } from "../icons.ts";
import { html, type Html } from "../html.ts";
import { celebration, type Celebrated } from "../partials/celebrate.ts";
import { timeAgo } from "../format.ts";

export interface BadgeCard {
  slug: string;
  name: string;
  description: string;
  category: string;
  rarity: string;
  xpReward: number;
  howTo: string;
  earnedAt: number | null;
  percentage: number;
  holders: number;
}

export function badgesPage(v: { now: number; zone: string | null; badges: BadgeCard[]; celebrate: Celebrated[] }): Html {
  const earned = v.badges.filter((b) => b.earnedAt !== null);
  const card = (b: BadgeCard) => html`<li><details class="badge-card card${b.earnedAt === null ? " locked" : " earned"}" data-testid="badge-${b.slug}">
  <summary><span class="badge-medal rarity-${b.rarity}" aria-hidden="true">${b.earnedAt === null ? ICONS.lock : ICONS.star}</span>
    <span class="badge-name"><strong>${b.name}</strong><br><span class="muted small">${b.earnedAt === null ? "Locked" : "Earned"} · ${b.percentage}% of miners</span></span></summary>
  <div class="badge-sheet">
    <p>${b.description}</p>
    <p><span class="chip rarity-${b.rarity}">${b.rarity}</span> <span class="chip">${b.category}</span> <span class="chip">+${formatCount(b.xpReward)} XP</span></p>
    <p class="muted small">${b.howTo}</p>
    <p class="small">${b.earnedAt === null ? html`Not earned yet.` : html`Earned ${timeAgo(b.earnedAt, v.now, "", v.zone)}.`} ${formatCount(b.holders)} ${b.holders === 1 ? "miner has" : "miners have"} it (${b.percentage}%, counted daily).</p>
  </div>
</details></li>`;
  return html`${celebration(v.celebrate)}<h1>Badges</h1>
<p class="muted"><span data-testid="earned-count">${earned.length}</span> of ${v.badges.length} earned. Tap a badge for its details.</p>
<ul class="badge-grid">${v.badges.map(card)}</ul>`;
}
