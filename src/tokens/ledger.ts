// The ledger: the only code that changes a token balance. Every change is one transactions row
// written in the same database transaction as the balance; the balance never goes below zero
// (a conditional update, backed by a CHECK constraint); and every entry carries an idempotency
// key unique per user, so a retried or raced claim pays once.
import { AppError } from "../core/errors.ts";
import { isUniqueViolation, type Repos } from "../db/repos.ts";
import { activityOf, isEmpty, periodKeys } from "./activity.ts";
import { unlocksOf, type Unlock } from "./unlocks.ts";

/** Seed 000 transaction_type. */
export const TX_TYPES = [
  "MINING",
  "STAKING_REWARD",
  "REFERRAL_BONUS",
  "DAILY_REWARD",
  "ACHIEVEMENT_REWARD",
  "QUEST_REWARD",
  "CHARACTER_PURCHASE",
  "CHARACTER_UPGRADE",
  "AIRDROP",
  "TRANSFER_IN",
  "TRANSFER_OUT",
  "BATTLE_REWARD",
  "PENALTY",
] as const;
export type TxType = (typeof TX_TYPES)[number];

export interface Entry {
  userId: number;
  type: TxType;
  /** Signed base units; never 0. */
  amount: number;
  /** Unique per user: the same key never pays twice. */
  idemKey: string;
  description: string;
  metadata?: Record<string, unknown>;
  at: number;
}

export interface Applied {
  /** False when this key was used before (nothing changed). */
  applied: boolean;
  id: number;
  balance: number;
  /** Quests completed and achievement tiers reached by this entry (announced after the commit). */
  unlocks: Unlock[];
}

/**
 * Applies one entry atomically (a savepoint when `repos` is already a transaction). Throws
 * INSUFFICIENT_BALANCE (conflict) for a debit the balance cannot cover.
 */
export async function apply(repos: Repos, e: Entry): Promise<Applied> {
  if (!Number.isSafeInteger(e.amount) || e.amount === 0) throw new AppError("INTERNAL", `ledger entry with a bad amount: ${e.amount}`);
  if (e.idemKey.length === 0 || e.idemKey.length > 200) throw new AppError("INTERNAL", "ledger entry without an idempotency key");
  const row = { userId: e.userId, type: e.type, amount: e.amount, idemKey: e.idemKey, description: e.description, metadata: JSON.stringify(e.metadata ?? {}), createdAt: e.at };
  try {
    return await repos.transaction(async (tx) => {
      const r = await tx.tokens.applyEntry(row);
      // Quest, achievement and leaderboard progress moves with the money, in the same savepoint.
      const act = activityOf(e);
      const unlocks = isEmpty(act) ? [] : unlocksOf(await tx.tokens.bumpActivity(e.userId, periodKeys(e.at), act.add, act.max, e.at), act.add, e.at);
      return { ...r, unlocks };
    });
  } catch (err) {
    // The key was used before (a retry, or a racing request that committed first): the savepoint
    // undid our balance change; it paid once, we do not pay again.
    if (!isUniqueViolation(err)) throw err;
    return { applied: false, id: 0, balance: (await repos.tokens.getWallet(e.userId))?.balance ?? 0, unlocks: [] };
  }
}
