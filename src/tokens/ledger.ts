// The ledger: the only code that changes a token balance. Every change is one transactions row
// written in the same database transaction as the balance; the balance never goes below zero
// (a conditional update, backed by a CHECK constraint); and every entry carries an idempotency
// key unique per user, so a retried or raced claim pays once.
import { AppError } from "../core/errors.ts";
import { isUniqueViolation, type Repos, type TokenActivityRow } from "../db/repos.ts";
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

/** Told after a committed entry: the new balance, and what the entry completed (the service
 * pushes the wallet update and announces quests and achievements). */
export type WalletChanged = (userId: number, r: { balance: number; unlocks?: Unlock[] }, change: number, type: TxType, at: number) => void;

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

/**
 * Applies many credits at once, one statement per table (the tap group, src/tokens/tap-group.ts):
 * the same rule as `apply` — each balance change and its transactions row in the caller's
 * transaction, one idempotency key per entry (a key used before is reported not applied and
 * changes nothing) — for at most one entry per user. Also returns the balance of every user in
 * `users` after the credits (their wallets are locked until the transaction ends). Throws on
 * anything unexpected; the caller's transaction then undoes it all (the tap group falls back
 * to one `apply` per batch).
 *
 * `locked`: the caller already ran tx.tokens.lockWallets over `users` (which must include every
 * entry's user), e.g. pipelined with its own reads. `alongside` runs beside the balance writes
 * (one round trip on PostgreSQL) with the users whose entry was paid.
 */
export async function applyCredits(
  tx: Repos, entries: Entry[], users: number[], opts: { locked?: Map<number, number>; alongside?: (paid: Set<number>) => Promise<unknown> } = {},
): Promise<{ results: Applied[]; balances: Map<number, number> }> {
  const seen = new Set<number>();
  for (const e of entries) {
    if (!Number.isSafeInteger(e.amount) || e.amount <= 0) throw new AppError("INTERNAL", `credit with a bad amount: ${e.amount}`);
    if (e.idemKey.length === 0 || e.idemKey.length > 200) throw new AppError("INTERNAL", "ledger entry without an idempotency key");
    if (seen.has(e.userId)) throw new AppError("INTERNAL", "one credit per user in a group");
    if (Object.keys(activityOf(e).max).length > 0) throw new AppError("INTERNAL", "credits in a group count additive activity only");
    seen.add(e.userId);
  }
  if (opts.locked) {
    const covered = new Set(users);
    for (const u of seen) if (!covered.has(u)) throw new AppError("INTERNAL", "a credit for a user whose wallet was not locked");
  }
  const balances = opts.locked ?? (await tx.tokens.lockWallets([...new Set([...users, ...seen])].sort((a, b) => a - b)));
  const before = (userId: number) => balances.get(userId) ?? 0;
  if (entries.length === 0) {
    await opts.alongside?.(new Set());
    return { results: [], balances };
  }
  const written = await tx.tokens.insertEntries(
    entries.map((e) => ({ userId: e.userId, type: e.type, amount: e.amount, idemKey: e.idemKey, description: e.description, metadata: JSON.stringify(e.metadata ?? {}), createdAt: e.at, balanceAfter: before(e.userId) + e.amount })),
  );
  const ids = new Map(written.map((w) => [`${w.userId}\n${w.idemKey}`, w.id]));
  const paid = entries.filter((e) => ids.has(`${e.userId}\n${e.idemKey}`));
  const acts = paid.map((e) => ({ e, act: activityOf(e) }));
  const [after, rows] = await Promise.all([
    tx.tokens.creditWallets(paid.map((e) => ({ userId: e.userId, amount: e.amount, at: e.at }))),
    tx.tokens.bumpActivityMany(acts.flatMap(({ e, act }) => (isEmpty(act) ? [] : periodKeys(e.at).map((period) => ({ userId: e.userId, period, add: act.add, at: e.at }))))),
    opts.alongside?.(new Set(paid.map((e) => e.userId))),
  ]);
  // The rows' balance_after was computed from the locked balance: a wallet that moved anyway (one
  // created by a racing first entry on PostgreSQL) makes the group undo itself and go one by one.
  for (const e of paid) if (after.get(e.userId) !== before(e.userId) + e.amount) throw new Error(`wallet ${e.userId} moved under a credit group`);
  const byUser = new Map<number, TokenActivityRow[]>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  for (const [userId, balance] of after) balances.set(userId, balance);
  const results = entries.map((e) => {
    const id = ids.get(`${e.userId}\n${e.idemKey}`);
    if (id === undefined) return { applied: false, id: 0, balance: before(e.userId), unlocks: [] };
    const act = activityOf(e);
    return { applied: true, id, balance: balances.get(e.userId)!, unlocks: isEmpty(act) ? [] : unlocksOf(byUser.get(e.userId) ?? [], act.add, e.at) };
  });
  return { results, balances };
}
