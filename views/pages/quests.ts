// Quests (today's, this week's, special ones to start) and achievements with their tiers. Claim
// buttons post back and get the list re-rendered (htmx); names and numbers are game content.
import { html, type Html } from "../html.ts";
import { displayTokens } from "../../src/tokens/units.ts";

export interface QuestCard {
  slug: string;
  name: string;
  description: string;
  type: "DAILY" | "WEEKLY" | "SPECIAL";
  progress: number;
  target: number;
  /** How progress reads: "taps", "tokens", "difficulty", … */
  unit: string;
  /** Progress and target as shown (tokens are base units underneath). */
  shown: { progress: string; target: string };
  reward: number;
  status: "NOT_STARTED" | "IN_PROGRESS" | "COMPLETED" | "CLAIMED";
}

export interface QuestsView {
  quests: QuestCard[];
  message?: { ok: boolean; text: string };
}

const TYPE_TITLES = { DAILY: "Today", WEEKLY: "This week", SPECIAL: "Special" } as const;

function questItem(q: QuestCard): Html {
  const action =
    q.status === "COMPLETED"
      ? html`<form hx-post="/play/quests/${q.slug}/claim" hx-target="#quests" hx-swap="outerHTML"><button type="submit" data-testid="quest-claim-${q.slug}">Claim ${displayTokens(q.reward)}</button></form>`
      : q.status === "NOT_STARTED"
        ? html`<form hx-post="/play/quests/${q.slug}/start" hx-target="#quests" hx-swap="outerHTML"><button type="submit" class="secondary">Start</button></form>`
        : q.status === "CLAIMED"
          ? html`<span class="chip">Claimed</span>`
          : html`<span class="small muted">${displayTokens(q.reward)} tokens</span>`;
  return html`<li data-testid="quest-${q.slug}"><div class="grow"><strong>${q.name}</strong><div class="small muted">${q.description}</div>
  ${q.status === "NOT_STARTED" ? html`` : html`<progress class="progress" max="${q.target}" value="${q.progress}" aria-label="${q.name} progress"></progress><div class="small">${q.shown.progress} / ${q.shown.target} ${q.unit}</div>`}</div>${action}</li>`;
}

export function questsList(v: QuestsView): Html {
  return html`<div id="quests">
  ${v.message ? html`<p class="notice ${v.message.ok ? "ok" : "bad"}" role="${v.message.ok ? "status" : "alert"}">${v.message.text}</p>` : html``}
  ${(["DAILY", "WEEKLY", "SPECIAL"] as const).map(
    (type) => html`<h2>${TYPE_TITLES[type]}</h2><section class="card"><ul class="list">${v.quests.filter((q) => q.type === type).map(questItem)}</ul></section>`,
  )}
</div>`;
}

export function questsPage(v: QuestsView): Html {
  return html`<h1>Quests</h1>
<p class="muted">Daily quests reset at 00:00 UTC, weekly ones on Monday. Taps, tokens mined, accepted shares, friends and upgrades all count.</p>
${questsList(v)}`;
}

export interface AchievementCard {
  slug: string;
  name: string;
  description: string;
  category: string;
  secret: boolean;
  hidden: boolean;
  progress: string | null;
  tiers: { name: string | null; target: string; reward: number; reached: boolean; claimed: boolean }[];
  claimable: boolean;
}

export interface AchievementsView {
  cards: AchievementCard[];
  message?: { ok: boolean; text: string };
}

export function achievementsList(v: AchievementsView): Html {
  return html`<div id="achievements">
  ${v.message ? html`<p class="notice ${v.message.ok ? "ok" : "bad"}" role="${v.message.ok ? "status" : "alert"}">${v.message.text}</p>` : html``}
  <section class="card"><ul class="list">${v.cards.map(
    (a) => html`<li data-testid="achievement-${a.slug}"><div class="grow"><strong>${a.hidden ? "???" : a.name}</strong> <span class="chip">${a.category}</span>${a.secret ? html` <span class="chip">Secret</span>` : html``}
    <div class="small muted">${a.hidden ? "A secret achievement: find out how to unlock it." : a.description}</div>
    ${a.hidden ? html`` : html`<div class="small">${a.progress === null ? "" : `Progress: ${a.progress}`}${a.tiers.map((t) => html` · ${t.name ?? "Goal"} ${t.target} ${t.claimed ? "✓" : t.reached ? "(ready)" : ""}`)}</div>`}</div>
    ${a.claimable ? html`<form hx-post="/play/achievements/${a.slug}/claim" hx-target="#achievements" hx-swap="outerHTML"><button type="submit" data-testid="achievement-claim-${a.slug}">Claim</button></form>` : html``}</li>`,
  )}</ul></section>
</div>`;
}

export function achievementsPage(v: AchievementsView): Html {
  return html`<h1>Achievements</h1>
<p class="muted">Most come in bronze, silver and gold; each tier pays once. Secret ones show up when you reach them.</p>
${achievementsList(v)}`;
}
