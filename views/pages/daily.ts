// The daily reward: today's claim, the streak as a calendar of the week being built, and the
// multiplier marks (seed 000: 7, 14, 30, 60, 90 days).
import { html, type Html } from "../html.ts";
import { displayTokens as formatTokens } from "../../src/tokens/units.ts";

export interface DailyView {
  streak: number;
  canClaim: boolean;
  nextStreak: number;
  nextReward: number;
  /** Reward of each day of the 7-day row shown (day numbers of the streak). */
  days: { day: number; reward: number; state: "claimed" | "today" | "later" }[];
  milestones: { days: number; multiplier: number; reward: number }[];
  justClaimed?: { reward: number; streak: number };
  error?: string;
}

export function dailyCard(v: DailyView): Html {
  return html`<section id="daily-card" class="card" aria-labelledby="daily-h">
  <h2 id="daily-h">Daily reward</h2>
  ${v.justClaimed ? html`<p class="notice ok" role="status" data-testid="daily-claimed">+${formatTokens(v.justClaimed.reward)} · day ${v.justClaimed.streak}</p>` : html``}
  ${v.error ? html`<p class="notice bad" role="alert">${v.error}</p>` : html``}
  <p>Streak: <strong data-testid="daily-streak">${v.streak}</strong> ${v.streak === 1 ? "day" : "days"}</p>
  <ol class="daily-cal">${v.days.map((d) => html`<li class="${d.state}"><span class="small">Day ${d.day}</span><strong>${formatTokens(d.reward)}</strong></li>`)}</ol>
  ${v.canClaim
    ? html`<form hx-post="/play/daily/claim" hx-target="#daily-card" hx-swap="outerHTML"><button type="submit" data-testid="daily-claim">Claim ${formatTokens(v.nextReward)}</button></form>`
    : html`<p class="muted">Claimed today. The next reward (day ${v.nextStreak}, ${formatTokens(v.nextReward)}) opens at 00:00 UTC; miss more than 48 hours and the streak starts again.</p>`}
</section>`;
}

export function dailyPage(v: DailyView): Html {
  return html`<h1>Daily reward</h1>
${dailyCard(v)}
<h2>Streak multipliers</h2>
<section class="card"><ul class="list">${v.milestones.map((m) => html`<li><div class="grow">Day ${m.days}${m.days === 1 ? "" : "+"}</div><span class="chip">×${m.multiplier}</span> <strong>${formatTokens(m.reward)}</strong></li>`)}</ul></section>`;
}
