// TokensRepo, written once for both engines (see conn.ts): the wallet and its transactions, the
// tap game's state, daily rewards and owned characters. Only src/tokens/ledger.ts calls
// `applyEntry`; everything else here leaves balances alone.
import { and, asc, count, desc, eq, gt, lt, sql, sum } from "drizzle-orm";
import type { TapStateRow, TokensRepo } from "../repos.ts";
import { hot } from "./hot.ts";
import { insufficientFunds } from "./token-errors.ts";
import type { Conn } from "./conn.ts";
import { tokenQuestsRepo } from "./token-quests.ts";
import { tokenTapsRepo } from "./token-taps.ts";

export function tokensRepo(c: Conn): TokensRepo {
  const { orm, t } = c;
  const { wallets, transactions, tapState, dailyRewards, userCharacters, characterUpgrades, stakes, referralCodes, referrals, users } = t;
  return {
    ...tokenQuestsRepo(c),
    ...tokenTapsRepo(c),
    async applyEntry(e) {
      // Conditional update: never below zero (the CHECK constraint backs this up). It also takes
      // the wallet's row lock on PostgreSQL, so concurrent entries for one user queue here.
      const credit = Math.max(e.amount, 0);
      const debit = Math.max(-e.amount, 0);
      const vals = { u: e.userId, a: e.amount, c: credit, d: debit, at: e.createdAt };
      const change = () =>
        hot<{ balance: number }[]>(orm, "wallet.change", vals, (v) =>
          orm
            .update(wallets)
            .set({
              balance: sql`${wallets.balance} + ${v("a")}`,
              totalEarned: sql`${wallets.totalEarned} + ${v("c")}`,
              totalSpent: sql`${wallets.totalSpent} + ${v("d")}`,
              updatedAt: v("at"),
            })
            .where(and(eq(wallets.userId, v("u")), sql`${wallets.balance} + ${v("a")} >= 0`))
            .returning({ balance: wallets.balance }),
        );
      let upd = await change();
      if (!upd[0]) {
        // The first entry of a user creates the wallet; otherwise the balance cannot cover it.
        const made = await hot<unknown[]>(orm, "wallet.create", vals, (v) =>
          orm.insert(wallets).values({ userId: v("u"), createdAt: v("at"), updatedAt: v("at") }).onConflictDoNothing().returning({ userId: wallets.userId }),
        );
        if (made.length === 0) throw insufficientFunds();
        upd = await change();
        if (!upd[0]) throw insufficientFunds();
      }
      const balance = Number(upd[0].balance);
      // The idempotency key: a key used before makes this insert a unique violation, which
      // undoes the balance change with it (the ledger runs this in a savepoint and reports
      // "already applied").
      const row = { ...e, balanceAfter: balance };
      const ins = await hot<{ id: number }[]>(orm, "tx.insert", row, (v) =>
        orm
          .insert(transactions)
          .values({ userId: v("userId"), type: v("type"), amount: v("amount"), idemKey: v("idemKey"), description: v("description"), metadata: v("metadata"), createdAt: v("createdAt"), balanceAfter: v("balanceAfter") })
          .returning({ id: transactions.id }),
      );
      return { applied: true, id: Number(ins[0]!.id), balance };
    },

    async moveStake(userId, amount, at) {
      const upd = await orm
        .update(wallets)
        .set({ stakedAmount: sql`${wallets.stakedAmount} + ${amount}`, updatedAt: at })
        .where(and(eq(wallets.userId, userId), sql`${wallets.stakedAmount} + ${amount} >= 0`))
        .returning({ staked: wallets.stakedAmount });
      if (!upd[0]) throw insufficientFunds();
      return Number(upd[0].staked);
    },

    getWallet: (userId) =>
      orm
        .select()
        .from(wallets)
        .where(eq(wallets.userId, userId))
        .then((r) => r[0]),

    listTransactions: ({ userId, limit, beforeId, type }) => {
      const conds = [eq(transactions.userId, userId)];
      if (beforeId !== undefined) conds.push(lt(transactions.id, beforeId));
      if (type !== undefined) conds.push(eq(transactions.type, type));
      return orm
        .select()
        .from(transactions)
        .where(and(...conds))
        .orderBy(desc(transactions.id))
        .limit(limit);
    },

    transactionSum: (userId) =>
      orm
        .select({ total: sum(transactions.amount) })
        .from(transactions)
        .where(eq(transactions.userId, userId))
        .then((r) => Number(r[0]?.total ?? 0)),

    async lockTapState(init) {
      // Upsert that rewrites nothing: it creates the row the first time and, on PostgreSQL, holds
      // the row lock until the transaction ends, so two batches of one player never interleave.
      const keys = Object.keys(init).sort();
      const r = await hot<TapStateRow[]>(orm, `tap.lock:${keys.join(",")}`, init, (v) =>
        orm
          .insert(tapState)
          .values(Object.fromEntries(keys.map((k) => [k, v(k)])) as TapStateRow)
          .onConflictDoUpdate({ target: tapState.userId, set: { updatedAt: sql`${tapState.updatedAt}` } })
          .returning(),
      );
      return r[0]!;
    },

    getTapState: (userId) =>
      orm
        .select()
        .from(tapState)
        .where(eq(tapState.userId, userId))
        .then((r) => r[0]),

    async putTapState(row) {
      const keys = Object.keys(row).filter((k) => k !== "userId").sort();
      await hot(orm, `tap.put:${keys.join(",")}`, row, (v) =>
        orm
          .update(tapState)
          .set(Object.fromEntries(keys.map((k) => [k, v(k)])))
          .where(eq(tapState.userId, v("userId"))),
      );
    },

    async lockDaily(userId, at) {
      const r = await orm
        .insert(dailyRewards)
        .values({ userId, streakCount: 0, lastClaimDay: "", lastClaimAt: 0, updatedAt: at })
        .onConflictDoUpdate({ target: dailyRewards.userId, set: { updatedAt: sql`${dailyRewards.updatedAt}` } })
        .returning();
      return r[0]!;
    },

    getDaily: (userId) =>
      orm
        .select()
        .from(dailyRewards)
        .where(eq(dailyRewards.userId, userId))
        .then((r) => r[0]),

    async putDaily(row) {
      const { userId, ...rest } = row;
      await orm.update(dailyRewards).set(rest).where(eq(dailyRewards.userId, userId));
    },

    listCharacters: (userId) =>
      hot(orm, "characters.list", { u: userId }, (v) => orm.select().from(userCharacters).where(eq(userCharacters.userId, v("u"))).orderBy(asc(userCharacters.id))),

    async insertCharacter(row) {
      const r = await orm.insert(userCharacters).values(row).onConflictDoNothing().returning();
      return r[0];
    },

    async setCharacterLevel(id, level) {
      await orm.update(userCharacters).set({ level }).where(eq(userCharacters.id, id));
    },

    async equipCharacter(userId, id) {
      // Unequip first: the partial unique index allows one equipped character per user at any moment.
      await orm.update(userCharacters).set({ isEquipped: false }).where(and(eq(userCharacters.userId, userId), eq(userCharacters.isEquipped, true)));
      const r = await orm
        .update(userCharacters)
        .set({ isEquipped: true })
        .where(and(eq(userCharacters.userId, userId), eq(userCharacters.id, id)))
        .returning({ id: userCharacters.id });
      return r.length > 0;
    },

    async insertUpgrade(row) {
      await orm.insert(characterUpgrades).values(row);
    },

    listUpgrades: (userCharacterId, limit) =>
      orm.select().from(characterUpgrades).where(eq(characterUpgrades.userCharacterId, userCharacterId)).orderBy(desc(characterUpgrades.id)).limit(limit),
  
    async insertStake(row) {
      const r = await orm.insert(stakes).values(row).returning();
      return r[0]!;
    },

    listStakes: (userId, limit) => orm.select().from(stakes).where(eq(stakes.userId, userId)).orderBy(desc(stakes.id)).limit(limit),

    async lockStake(userId, id) {
      // A no-op update takes the row lock on PostgreSQL (SQLite's transaction already holds the write lock).
      const r = await orm
        .update(stakes)
        .set({ accruedTo: sql`${stakes.accruedTo}` })
        .where(and(eq(stakes.userId, userId), eq(stakes.id, id)))
        .returning();
      return r[0];
    },

    activeStakes: (afterId, limit) => orm.select().from(stakes).where(and(eq(stakes.status, "ACTIVE"), gt(stakes.id, afterId))).orderBy(asc(stakes.id)).limit(limit),

    riskyPlayers: (min, limit) => orm.select().from(tapState).where(gt(tapState.risk, min)).orderBy(desc(tapState.risk)).limit(limit),

    referralCodeOf: (userId) =>
      orm
        .select({ code: referralCodes.code })
        .from(referralCodes)
        .where(eq(referralCodes.userId, userId))
        .then((r) => r[0]?.code),

    insertReferralCode: (userId, code, at) =>
      orm
        .insert(referralCodes)
        .values({ userId, code, createdAt: at })
        .onConflictDoNothing()
        .returning({ userId: referralCodes.userId })
        .then((r) => r.length > 0),

    userOfReferralCode: (code) =>
      orm
        .select({ userId: referralCodes.userId })
        .from(referralCodes)
        .where(eq(referralCodes.code, code))
        .then((r) => r[0]?.userId),

    referralOf: (refereeId) =>
      orm
        .select()
        .from(referrals)
        .where(eq(referrals.refereeId, refereeId))
        .then((r) => r[0]),

    insertReferral: (row) =>
      orm
        .insert(referrals)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: referrals.refereeId })
        .then((r) => r.length > 0),

    listReferrals: (referrerId, limit) =>
      orm
        .select({
          refereeId: referrals.refereeId, referrerId: referrals.referrerId, code: referrals.code, fingerprint: referrals.fingerprint, referrerBonus: referrals.referrerBonus,
          refereeBonus: referrals.refereeBonus, createdAt: referrals.createdAt, displayName: users.displayName,
        })
        .from(referrals)
        .innerJoin(users, eq(users.id, referrals.refereeId))
        .where(eq(referrals.referrerId, referrerId))
        .orderBy(desc(referrals.createdAt))
        .limit(limit),

    countReferrals: (referrerId) =>
      orm
        .select({ n: count() })
        .from(referrals)
        .where(eq(referrals.referrerId, referrerId))
        .then((r) => Number(r[0]?.n ?? 0)),

    async putStake(row) {
      const { id, ...rest } = row;
      await orm.update(stakes).set(rest).where(eq(stakes.id, id));
    },
  };
}
