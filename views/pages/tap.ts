// The tap screen: a big tappable character, floating +N, an energy bar, combo and critical-hit
// feedback, boosts and the proof-of-work card. Rendered complete on the server (numbers readable
// without script); static/app.js's `tapGame` makes it live: optimistic counting, one batch a
// second to POST /api/v1/mining/tap, and the server's answer reconciling energy and balance.
import { html, json, type Html } from "../html.ts";
import { formatCount, formatDifficulty } from "../format.ts";
import { ICONS } from "../icons.ts";
import { displayTokens as formatTokens } from "../../src/tokens/units.ts";

export interface TapView {
  /** The JSON of GET /api/v1/mining/status, handed to the script as is. */
  status: {
    energy: number;
    max_energy: number;
    regen_per_second: number;
    balance: { units: number };
    reward_per_tap: { units: number };
    boosts: { refills_left: number; turbos_left: number };
    proof_of_work: { tier: { name: string; bonus_energy: number; bonus_regen: number } | null; counted_difficulty: number; pending: { units: number } };
    character: { name: string; level: number; mining_rate: number } | null;
  };
  /** The equipped character's letter; without one, the pickaxe. */
  glyph: string | null;
}

export function tapPage(v: TapView): Html {
  const s = v.status;
  const pow = s.proof_of_work;
  return html`<h1>Tap to mine</h1>
<div class="tap-game" x-data="tapGame" data-status="${json(s)}">
  <section class="tap-head">
    <div class="muted small">Balance</div>
    <div class="hero" data-testid="tap-balance" x-text="fmt(balance)">${formatTokens(s.balance.units)}</div>
    <div class="muted small"><span x-text="'+' + fmt(perTap)">+${formatTokens(s.reward_per_tap.units)}</span> a tap${s.character ? html` · ${s.character.name}, level ${s.character.level}` : html` · <a href="/play/characters">get a character</a>`}</div>
  </section>
  <div class="tap-feedback" aria-live="polite"><span class="chip" x-show="combo > 1" x-text="'Combo ×' + combo.toFixed(2)" style="display:none"></span> <span class="chip warn" x-show="turbo" style="display:none">Turbo ×3</span></div>
  <button type="button" class="tap-button" data-testid="tap-button" aria-label="Tap to mine" @pointerdown.prevent="tap($event)" @keydown.enter.prevent="tap($event)" @keydown.space.prevent="tap($event)" :class="{ empty: energy < 1 }">
    <span class="tap-glyph" aria-hidden="true">${v.glyph ?? ICONS.mine}</span>
  </button>
  <div class="tap-floats" aria-hidden="true"></div>
  <section class="tap-energy">
    <div class="tap-energy-row"><strong>Energy</strong> <span data-testid="tap-energy"><span x-text="Math.floor(energy)">${formatCount(s.energy)}</span> / <span x-text="maxEnergy">${formatCount(s.max_energy)}</span></span></div>
    <progress class="progress" max="${s.max_energy}" value="${s.energy}" :max="maxEnergy" :value="Math.floor(energy)" aria-label="Energy"></progress>
    <div class="muted small">+${s.regen_per_second} a second</div>
  </section>
  <section class="tap-boosts">
    <button type="button" class="secondary" data-testid="boost-refill" @click="boost('refill')" :disabled="refills < 1">Refill <span class="muted small" x-text="refills + ' left'">${s.boosts.refills_left} left</span></button>
    <button type="button" class="secondary" data-testid="boost-turbo" @click="boost('turbo')" :disabled="turbos < 1 || turbo">Turbo <span class="muted small" x-text="turbos + ' left'">${s.boosts.turbos_left} left</span></button>
  </section>
  <section class="card" aria-labelledby="pow-h">
    <h2 id="pow-h">Your miners</h2>
    ${pow.tier
      ? html`<p><span class="chip ok">${pow.tier.name}</span> ${formatDifficulty(pow.counted_difficulty)} difficulty of accepted shares: +${formatCount(pow.tier.bonus_energy)} max energy, +${pow.tier.bonus_regen} a second.</p>`
      : html`<p class="muted">No accepted shares today or yesterday. Point a miner at the pool: its shares raise your energy and pay tokens.</p>`}
    <p>Waiting to claim: <strong data-testid="pow-pending" x-text="fmt(pending)">${formatTokens(pow.pending.units)}</strong></p>
    <button type="button" data-testid="pow-claim" @click="claim()" :disabled="pending < 1" ${pow.pending.units < 1 ? html`disabled` : html``}>Claim mining reward</button>
  </section>
</div>`;
}
