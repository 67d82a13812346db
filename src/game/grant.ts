// XP for the features outside the game's own rules (the lottery's prizes, later lessons and the
// World Cup): one ledger row unique per (user, source, ref), so granting the same prize again is a
// no-op, and the user's totals rewritten in the caller's transaction.
import type { Repos } from "../db/repos.ts";
import { refreshTotals } from "./engine.ts";
import type { XpSource } from "./xp.ts";

export interface XpGrant {
  userId: number;
  source: XpSource;
  amount: number;
  /** What is rewarded, unique per user and source (e.g. `2026-11-23:1` for a lottery week's 1st place). */
  ref: string;
  at: number;
}

/** Inside `tx`: true when granted now, false when this (user, source, ref) was granted before. */
export async function grantXpOnce(tx: Repos, g: XpGrant): Promise<{ granted: boolean; levelUp: { from: number; to: number; title: string } | null }> {
  if (!(await tx.game.grantXp({ userId: g.userId, source: g.source, amount: g.amount, ref: g.ref, createdAt: g.at }))) return { granted: false, levelUp: null };
  const { before, after } = await refreshTotals(tx, g.userId, g.at);
  return { granted: true, levelUp: after.level > before.level ? { from: before.level, to: after.level, title: after.title } : null };
}
