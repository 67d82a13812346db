// The badge celebration: shown once, the first time a Play page opens after badges were earned
// (the game tracks what was seen). CSS animates it (still when reduced motion is asked for);
// static/app.js adds Telegram's success haptic and the dismiss button.
import { html, type Html } from "../html.ts";

export interface Celebrated {
  name: string;
  rarity: string;
  xpReward: number;
}

export function celebration(badges: Celebrated[]): Html {
  if (badges.length === 0) return html``;
  const first = badges[0]!;
  return html`<div class="celebrate" data-celebrate role="status" aria-live="polite" data-testid="celebration">
  <div class="celebrate-card card">
    <div class="celebrate-burst" aria-hidden="true"></div>
    <p class="muted">${badges.length === 1 ? "New badge" : `${badges.length} new badges`}</p>
    <p class="hero">${first.name}</p>
    <p><span class="chip rarity-${first.rarity}">${first.rarity}</span> +${first.xpReward} XP${badges.length > 1 ? html` · and ${badges.slice(1).map((b) => b.name).join(", ")}` : ""}</p>
    <button type="button" data-dismiss-celebration>Nice!</button>
  </div>
</div>`;
}
