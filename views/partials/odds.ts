// "Your odds of a block": the Poisson chance over a day/week/month/year at the current hashrate,
// the expected time, and how rare the best shares were. Unknown network difficulty is said.
import { bigNumber, blockOdds, duration, oneIn, percent, WINDOWS } from "../../src/compete/odds.ts";
import { html, type Html } from "../html.ts";

export function oddsCard(hashrate: number, networkDifficulty: number | null, bests: { week: number; ever: number }): Html {
  const o = blockOdds(hashrate, networkDifficulty);
  const rarity = html`<p class="muted small">${bests.week > 0 ? html`Your best share this week was a 1 in ${bigNumber(oneIn(bests.week))} hash` : "No share this week yet"}${bests.ever > 0 ? html`; your best ever, 1 in ${bigNumber(oneIn(bests.ever))}.` : "."}</p>`;
  if (o === null)
    return html`<section class="card" data-testid="odds" aria-labelledby="odds-h"><h2 id="odds-h">Your odds of a block</h2><p data-testid="odds-unknown">The network difficulty is not known yet (the pool has no word from the Bitcoin node), so the odds cannot be worked out.</p>${rarity}</section>`;
  return html`<section class="card" data-testid="odds" aria-labelledby="odds-h"><h2 id="odds-h">Your odds of a block</h2>
<ul class="list">${WINDOWS.map((w) => html`<li><span class="grow">${w.label}</span><strong data-testid="odds-${w.key}">${percent(o.chance[w.key])}</strong></li>`)}</ul>
<p>At this hashrate a block takes <strong data-testid="odds-expected">${duration(o.expectedSeconds)}</strong> on average.</p>
${rarity}</section>`;
}
