// XP for the features that own their own reasons (lessons, tracks, World Cup participation, lottery
// prizes): one
// xp_ledger row unique per (user, source, ref), so a retried or raced request pays once, and the
// user's totals rewritten from the ledger in the same transaction.
//
// Runs in the caller's transaction, beside the caller's own row (a lesson completion), so the
// reason and its XP commit together. The totals are a cache of the ledger: every game step
// rewrites them from the whole ledger, so on PostgreSQL, where this can run beside a game step
// of the same user, a total the two computed from each other's uncommitted rows is made exact
// again by that user's next step; the ledger itself is never wrong.
import type { Repos } from "../db/repos.ts";
import { refreshTotals } from "./engine.ts";
import type { XpSource } from "./xp.ts";

export interface XpGrantResult {
  /** False when this (source, ref) was paid before: nothing was written. */
  granted: boolean;
  amount: number;
  totalXp: number;
  levelUp: { from: number; to: number; title: string } | null;
}

/** Grants `amount` XP for (source, ref) once, inside `tx` (a Repos handed out by `transaction`). */
export async function grantXpOnce(tx: Repos, userId: number, source: XpSource, amount: number, ref: string, at: number): Promise<XpGrantResult> {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`XP amounts are positive integers (got ${amount})`);
  const granted = await tx.game.grantXp({ userId, source, amount, ref, createdAt: at });
  if (!granted) {
    const state = await tx.game.getState(userId);
    return { granted, amount: 0, totalXp: state?.totalXp ?? 0, levelUp: null };
  }
  const { before, after } = await refreshTotals(tx, userId, at);
  return { granted, amount, totalXp: after.totalXp, levelUp: after.level > before.level ? { from: before.level, to: after.level, title: after.title } : null };
}
