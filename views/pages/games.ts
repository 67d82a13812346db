// The mini-game pages: a stage per game (CSS/SVG) that static/games.js animates towards the
// outcome the server sent, the outcome in words, and the player's recent plays.
import { assetUrl } from "../assets.ts";
import { html, type Html } from "../html.ts";

export const GAME_INFO = {
  hammer: { name: "Hammer", blurb: "Swing with your week's best share: the harder it was to find, the higher the puck flies." },
  horse_race: { name: "Horse race", blurb: "Your workers race each other by accepted shares." },
  slots: { name: "Slot machine", blurb: "Pull to reveal your weekly rank, your last lottery result and this week's tickets." },
  scratch: { name: "Scratch card", blurb: "Scratch to reveal your last lottery result and your weekly rank." },
} as const;
export type GameKey = keyof typeof GAME_INFO;

export function gamesIndexPage(recent: { game: string; summary: string }[]): Html {
  return html`<h1>Mini-games</h1>
<p class="muted">Playful reveals of your own mining numbers: nothing is wagered and nothing random decides anything.</p>
<ul class="list card">${(Object.keys(GAME_INFO) as GameKey[]).map((k) => html`<li><a class="row" href="/play/games/${k}"><span class="grow"><strong>${GAME_INFO[k].name}</strong><br><span class="muted">${GAME_INFO[k].blurb}</span></span></a></li>`)}</ul>
${recent.length ? html`<h2>Your recent plays</h2><ul class="list card">${recent.map((r) => html`<li><span class="chip">${GAME_INFO[r.game as GameKey]?.name ?? r.game}</span><span class="grow">${r.summary}</span></li>`)}</ul>` : ""}`;
}

function stage(game: GameKey): Html {
  switch (game) {
    case "hammer":
      return html`<svg class="game-stage" viewBox="0 0 120 220" role="img" aria-label="Strength tester"><rect x="52" y="10" width="16" height="190" rx="8" class="g-track"/><circle cx="60" cy="20" r="12" class="g-bell"/><rect data-g="puck" x="48" y="186" width="24" height="14" rx="4" class="g-puck"/><rect x="20" y="200" width="80" height="12" rx="3" class="g-base"/></svg>`;
    case "horse_race":
      return html`<div class="game-stage race" data-g="lanes" aria-label="Race track"></div>`;
    case "slots":
      return html`<div class="game-stage slots" aria-label="Slot machine"><div class="reel" data-g="reel"><span>?</span><small>rank</small></div><div class="reel" data-g="reel"><span>?</span><small>lottery</small></div><div class="reel" data-g="reel"><span>?</span><small>tickets</small></div></div>`;
    case "scratch":
      return html`<div class="game-stage scratch" aria-label="Scratch card"><div class="scratch-under" data-g="under"><span>?</span></div><div class="scratch-cover" data-g="cover">Scratch here</div></div>`;
  }
}

export function gamePage(game: GameKey): Html {
  const info = GAME_INFO[game];
  return html`<h1>${info.name}</h1>
<p class="muted">${info.blurb}</p>
<section class="card game" data-game="${game}">
${stage(game)}
<p><button type="button" class="button" data-game-play="${game}">${game === "scratch" ? "Scratch" : game === "slots" ? "Pull" : game === "hammer" ? "Swing" : "Start the race"}</button></p>
<p class="game-result" data-testid="game-result" aria-live="polite"></p>
</section>
<p><a href="/play/games">All mini-games</a></p>
<script src="${assetUrl("games.js")}" defer></script>`;
}
