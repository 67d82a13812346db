// One tap batch judged from what was read for it (the state row, the equipped character): the
// same rules whether the batch is applied on its own or in a group (tap-group.ts).
import type { TapStateRow, UserCharacterRow } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import { CHARACTER_BY_SLUG, type CharacterTemplate } from "./characters.ts";
import type { Entry } from "./ledger.ts";
import { powTier, type PowTier } from "./pow.ts";
import { RISK, riskAt, riskRewardBp, scoreBatch } from "./risk.ts";
import { judgeBatch, TAP, type BatchOutcome, type TapContext } from "./tap.ts";

export interface TapRequest {
  count: number;
  clientTime: number;
  batchId?: string;
}

/** What a batch's rules need besides the state row: the equipped character and the proof-of-work tier. */
export interface TapCtx {
  ctx: TapContext;
  tier: PowTier | null;
  equipped: { row: UserCharacterRow; tpl: CharacterTemplate } | null;
}

/** A batch whose ledger key was paid before (a retry after a lost answer): nothing changes. */
export class TapReplay extends Error {}

export function tapContext(equipped: UserCharacterRow | undefined, s: Pick<TapStateRow, "powDay" | "powDayDiff" | "powPrevDiff"> | undefined, at: number): TapCtx {
  const tpl = equipped ? CHARACTER_BY_SLUG.get(equipped.template) : undefined;
  const tier = s ? powTier(s, at) : null;
  const ctx: TapContext = {
    maxEnergy: TAP.baseMaxEnergy + (tier?.energy ?? 0),
    regenPerS: TAP.baseRegenPerS + (tier?.regen ?? 0),
    rateBp: tpl?.rateBp ?? 10_000,
    level: equipped?.level ?? 0,
  };
  return { ctx, tier, equipped: equipped && tpl ? { row: equipped, tpl } : null };
}

/**
 * Energy, allowance, combo, crits, boosts and the risk score applied to one batch; the ledger
 * entry it pays (null for nothing). The caller checks the suspension first.
 */
export function judgeTap(userId: number, s: TapStateRow, req: TapRequest, c: TapCtx, at: number, rollCrit: () => boolean, log: Logger): { out: BatchOutcome; entry: Entry | null } {
  const judged = judgeBatch(s, req.count, c.ctx, at, riskRewardBp(riskAt(s, at)), rollCrit);
  const risk = scoreBatch(s, req.count, judged.clampedByRate, at);
  if (risk.signals.length > 0 && risk.score > RISK.flag) log.info("tap risk", { user: userId, score: risk.score, signals: risk.signals.join(",") });
  const out = { ...judged, state: { ...judged.state, ...risk.state } };
  if (out.reward <= 0) return { out, entry: null };
  const idemKey = req.batchId ? `tap:${req.batchId}` : `tap#${out.state.tapsTotal}`;
  const entry: Entry = {
    userId, type: "MINING", amount: out.reward, idemKey, description: `${out.accepted} taps${out.crits ? `, ${out.crits} critical` : ""}`,
    metadata: { source: "tap", taps: out.accepted, crits: out.crits, combo: out.state.comboTaps }, at,
  };
  return { out, entry };
}
