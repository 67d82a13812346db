// JSON shapes of the token economy. Amounts are integer base units with the decimals stated
// (`decimals`), plus the same amount as decimal text for display; times are ISO 8601.
import type { OwnedCharacter, TapStatus } from "../../tokens/service.ts";
import type { CharacterTemplate } from "../../tokens/characters.ts";
import { TOKEN_DECIMALS, formatTokens } from "../../tokens/units.ts";
import type { TokenTxRow } from "../../db/repos.ts";

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const amount = (units: number) => ({ units, tokens: formatTokens(units) });
export const DECIMALS = TOKEN_DECIMALS;

export function statusJson(s: TapStatus) {
  return {
    energy: s.energy,
    max_energy: s.maxEnergy,
    regen_per_second: s.regenPerS,
    combo: { taps: s.comboTaps, steps: s.comboSteps, multiplier: s.comboBp / 10_000, live: s.comboLive },
    turbo_until: iso(s.turboUntil),
    boosts: { refills_left: s.refillsLeft, turbos_left: s.turbosLeft },
    reward_per_tap: amount(s.tapUnits),
    balance: amount(s.balance),
    proof_of_work: {
      tier: s.pow.tier ? { name: s.pow.tier.name, min_difficulty: s.pow.tier.minDiff, bonus_energy: s.pow.tier.energy, bonus_regen: s.pow.tier.regen } : null,
      counted_difficulty: s.pow.countedDiff,
      pending: amount(s.pow.pending),
      claimed: amount(s.pow.earned),
      difficulty_total: s.pow.diffTotal,
    },
    character: s.character ? { id: s.character.slug, name: s.character.name, level: s.character.level, mining_rate: s.character.rateBp / 10_000 } : null,
    server_time: iso(s.at),
    decimals: DECIMALS,
  };
}

export function txJson(r: TokenTxRow) {
  let metadata: unknown = {};
  try {
    metadata = JSON.parse(r.metadata);
  } catch {
    metadata = {};
  }
  return { id: r.id, type: r.type, amount: amount(r.amount), balance_after: amount(r.balanceAfter), status: r.status, description: r.description, metadata, created_at: iso(r.createdAt) };
}

export function templateJson(t: CharacterTemplate) {
  return { id: t.slug, name: t.name, description: t.description, rarity: t.rarity, base_power: t.basePower, base_mining_rate: t.rateBp / 10_000, max_level: 50, price: amount(t.price) };
}

export function ownedJson(o: OwnedCharacter) {
  return {
    id: o.row.id, template: templateJson(o.template), level: o.row.level, current_power: o.power, current_mining_rate: o.template.rateBp / 10_000,
    level_bonus: 1 + o.row.level / 10, is_equipped: o.row.isEquipped, next_upgrade_cost: o.nextCost === null ? null : amount(o.nextCost), acquired_at: iso(o.row.acquiredAt),
  };
}
