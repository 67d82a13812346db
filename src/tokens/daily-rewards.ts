// The daily reward: what a player can claim today and the streak it continues, and the claim
// itself (one ledger entry keyed by the UTC day, so a retried claim pays once).
import { conflict } from "../core/errors.ts";
import { utcDay, type Clock } from "../core/time.ts";
import type { Repos } from "../db/repos.ts";
import { multiplierBp, nextStreak, rewardFor, standingStreak, STREAK_MULTIPLIERS } from "./daily.ts";
import { apply, type WalletChanged } from "./ledger.ts";

export interface DailyStatus {
  streak: number;
  canClaim: boolean;
  claimedToday: boolean;
  nextStreak: number;
  nextReward: number;
  nextMultiplierBp: number;
  lastClaimAt: number | null;
  totalClaimed: number;
  nextClaimAt: number;
  graceEndsAt: number | null;
  milestones: { days: number; bp: number; reward: number }[];
}

export interface DailyRewards {
  status(userId: number): Promise<DailyStatus>;
  claim(userId: number): Promise<{ reward: number; streak: number; multiplierBp: number; nextReward: number; balance: number; txId: number }>;
}

export function createDailyRewards(deps: { repos: Repos; now: Clock; walletChanged: WalletChanged }): DailyRewards {
  const { repos, now, walletChanged } = deps;
  return {
    async status(userId) {
      const at = now();
      const row = (await repos.tokens.getDaily(userId)) ?? { streakCount: 0, lastClaimAt: 0, lastClaimDay: "", totalClaimed: 0 };
      const claimedToday = row.lastClaimDay === utcDay(at);
      const next = claimedToday ? row.streakCount + 1 : nextStreak(row, at);
      const tomorrow = Math.floor(at / 86_400_000 + 1) * 86_400_000;
      return {
        streak: standingStreak(row, at),
        canClaim: !claimedToday,
        claimedToday,
        nextStreak: next,
        nextReward: rewardFor(next),
        nextMultiplierBp: multiplierBp(next),
        lastClaimAt: row.lastClaimAt > 0 ? row.lastClaimAt : null,
        totalClaimed: row.totalClaimed,
        nextClaimAt: claimedToday ? tomorrow : at,
        graceEndsAt: row.lastClaimAt > 0 ? row.lastClaimAt + 48 * 3_600_000 : null,
        milestones: STREAK_MULTIPLIERS.map((m) => ({ days: m.days, bp: m.bp, reward: rewardFor(m.days) })),
      };
    },

    async claim(userId) {
      const at = now();
      const day = utcDay(at);
      return repos.transaction(async (tx) => {
        const row = await tx.tokens.lockDaily(userId, at);
        if (row.lastClaimDay === day) throw conflict("Today's reward is already claimed; the next one opens at 00:00 UTC", "ALREADY_CLAIMED");
        const streak = nextStreak(row, at);
        const reward = rewardFor(streak);
        const r = await apply(tx, { userId, type: "DAILY_REWARD", amount: reward, idemKey: `daily:${day}`, description: `Daily reward, day ${streak}`, metadata: { streak, multiplier_bp: multiplierBp(streak) }, at });
        if (!r.applied) throw conflict("Today's reward is already claimed", "ALREADY_CLAIMED");
        await tx.tokens.putDaily({ ...row, streakCount: streak, lastClaimDay: day, lastClaimAt: at, totalClaimed: row.totalClaimed + reward, claims: row.claims + 1, updatedAt: at });
        return { reward, streak, multiplierBp: multiplierBp(streak), nextReward: rewardFor(streak + 1), balance: r.balance, txId: r.id, unlocks: r.unlocks };
      }).then(({ unlocks, ...out }) => {
        walletChanged(userId, { balance: out.balance, unlocks }, out.reward, "DAILY_REWARD", at);
        return out;
      });
    },
  };
}
