// The characters shop: every template (COMMON … MYTHIC) with what it does to a tap, and the
// player's own: buy, level up (1–50), equip exactly one.
import { html, type Html } from "../html.ts";
import { displayTokens as formatTokens } from "../../src/tokens/units.ts";

export interface CharacterCard {
  slug: string;
  name: string;
  description: string;
  rarity: string;
  rate: number;
  price: number;
  glyph: string;
  owned: { id: number; level: number; power: number; equipped: boolean; nextCost: number | null } | null;
}

export interface CharactersView {
  balance: number;
  cards: CharacterCard[];
  message?: { ok: boolean; text: string };
}

export function charactersList(v: CharactersView): Html {
  const card = (c: CharacterCard) => {
    const o = c.owned;
    return html`<li class="card char-card" data-testid="char-${c.slug}">
  <div class="char-top"><span class="char-glyph char-${c.rarity.toLowerCase()}" aria-hidden="true">${c.glyph}</span>
  <div class="grow"><strong>${c.name}</strong> <span class="chip">${c.rarity}</span>${o?.equipped ? html` <span class="chip ok">equipped</span>` : html``}<br>
  <span class="muted small">×${c.rate} a tap${o ? html` · level ${o.level} (+${o.level * 10} %) · power ${o.power}` : html``}</span></div></div>
  <p class="small">${c.description}</p>
  <div class="char-actions">
  ${!o
    ? html`<form hx-post="/play/characters/${c.slug}/buy" hx-target="#characters" hx-swap="outerHTML"><button type="submit" ${c.price > v.balance ? html`disabled` : html``}>Buy · ${formatTokens(c.price)}</button></form>`
    : html`${o.nextCost !== null ? html`<form hx-post="/play/characters/${c.slug}/upgrade" hx-target="#characters" hx-swap="outerHTML"><button type="submit" ${o.nextCost > v.balance ? html`disabled` : html``}>Level ${o.level + 1} · ${formatTokens(o.nextCost)}</button></form>` : html`<span class="chip ok">max level</span>`}
    ${o.equipped ? html`` : html`<form hx-post="/play/characters/${c.slug}/equip" hx-target="#characters" hx-swap="outerHTML"><button type="submit" class="secondary">Equip</button></form>`}`}
  </div></li>`;
  };
  return html`<div id="characters">
${v.message ? html`<p class="notice ${v.message.ok ? "ok" : "bad"}" role="status">${v.message.text}</p>` : html``}
<p>Balance: <strong data-testid="char-balance">${formatTokens(v.balance)}</strong></p>
<ul class="plain">${v.cards.map(card)}</ul></div>`;
}

export function charactersPage(v: CharactersView): Html {
  return html`<h1>Characters</h1>
<p class="muted">Your equipped character multiplies every tap by its rate and by 1 + 0.1 × its level. Each level costs 15 % more than the one before.</p>
${charactersList(v)}`;
}
