// PostgreSQL mirror of ../schema/tokens.ts (see there for what each column means).
import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const wallets = pgTable(
  "wallets",
  {
    userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    balance: int8("balance").notNull().default(0),
    totalEarned: int8("total_earned").notNull().default(0),
    totalSpent: int8("total_spent").notNull().default(0),
    stakedAmount: int8("staked_amount").notNull().default(0),
    createdAt: int8("created_at").notNull(),
    updatedAt: int8("updated_at").notNull(),
  },
  (t) => [check("wallets_balance_nonneg", sql`${t.balance} >= 0`), check("wallets_staked_nonneg", sql`${t.stakedAmount} >= 0`)],
);

export const transactions = pgTable(
  "transactions",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    amount: int8("amount").notNull(),
    balanceAfter: int8("balance_after").notNull(),
    status: text("status").notNull().default("COMPLETED"),
    description: text("description").notNull(),
    metadata: text("metadata").notNull().default("{}"),
    idemKey: text("idem_key").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [uniqueIndex("transactions_user_idem_uq").on(t.userId, t.idemKey), index("transactions_user_idx").on(t.userId, t.id), index("transactions_type_idx").on(t.type, t.createdAt)],
);

export const tapState = pgTable(
  "tap_state",
  {
    userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    energy: integer("energy").notNull(),
    energyAt: int8("energy_at").notNull(),
    allowance: doublePrecision("allowance").notNull(),
    allowAt: int8("allow_at").notNull(),
    comboTaps: integer("combo_taps").notNull().default(0),
    lastTapAt: int8("last_tap_at"),
    tapsTotal: int8("taps_total").notNull().default(0),
    tapEarned: int8("tap_earned").notNull().default(0),
    crits: int8("crits").notNull().default(0),
    boostDay: text("boost_day"),
    refillsUsed: integer("refills_used").notNull().default(0),
    turbosUsed: integer("turbos_used").notNull().default(0),
    turboUntil: int8("turbo_until"),
    powDay: text("pow_day"),
    powDayDiff: doublePrecision("pow_day_diff").notNull().default(0),
    powPrevDiff: doublePrecision("pow_prev_diff").notNull().default(0),
    powCarry: doublePrecision("pow_carry").notNull().default(0),
    powPending: int8("pow_pending").notNull().default(0),
    powEarned: int8("pow_earned").notNull().default(0),
    powDiffTotal: doublePrecision("pow_diff_total").notNull().default(0),
    risk: integer("risk").notNull().default(0),
    riskAt: int8("risk_at").notNull().default(0),
    lastCount: integer("last_count").notNull().default(0),
    sameCountRun: integer("same_count_run").notNull().default(0),
    suspendedUntil: int8("suspended_until"),
    riskSignal: text("risk_signal"),
    updatedAt: int8("updated_at").notNull(),
  },
  (t) => [check("tap_state_pending_nonneg", sql`${t.powPending} >= 0`), check("tap_state_energy_nonneg", sql`${t.energy} >= 0`)],
);

export const dailyRewards = pgTable("daily_rewards", {
  userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  streakCount: integer("streak_count").notNull().default(0),
  lastClaimDay: text("last_claim_day").notNull(),
  lastClaimAt: int8("last_claim_at").notNull(),
  totalClaimed: int8("total_claimed").notNull().default(0),
  claims: integer("claims").notNull().default(0),
  updatedAt: int8("updated_at").notNull(),
});

export const userCharacters = pgTable(
  "user_characters",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    template: text("template").notNull(),
    level: integer("level").notNull().default(1),
    isEquipped: boolean("is_equipped").notNull().default(false),
    acquiredAt: int8("acquired_at").notNull(),
  },
  (t) => [
    uniqueIndex("user_characters_user_template_uq").on(t.userId, t.template),
    uniqueIndex("user_characters_one_equipped_uq").on(t.userId).where(sql`${t.isEquipped} = true`),
    check("user_characters_level_range", sql`${t.level} >= 1 AND ${t.level} <= 50`),
  ],
);

export const characterUpgrades = pgTable(
  "character_upgrades",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userCharacterId: int8("user_character_id").notNull().references(() => userCharacters.id, { onDelete: "cascade" }),
    upgradeType: text("upgrade_type").notNull(),
    previousValue: int8("previous_value").notNull(),
    newValue: int8("new_value").notNull(),
    cost: int8("cost").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [index("character_upgrades_char_idx").on(t.userCharacterId, t.id)],
);

export const stakes = pgTable(
  "stakes",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    amount: int8("amount").notNull(),
    apyBp: integer("apy_bp").notNull(),
    startedAt: int8("started_at").notNull(),
    unlockAt: int8("unlock_at"),
    paid: int8("paid").notNull().default(0),
    accruedTo: int8("accrued_to").notNull(),
    status: text("status").notNull().default("ACTIVE"),
    closedAt: int8("closed_at"),
    penalty: int8("penalty").notNull().default(0),
  },
  (t) => [index("stakes_user_idx").on(t.userId, t.status), index("stakes_status_idx").on(t.status, t.id), check("stakes_amount_pos", sql`${t.amount} > 0`)],
);

export const referralCodes = pgTable(
  "referral_codes",
  {
    userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [uniqueIndex("referral_codes_code_uq").on(t.code)],
);

export const referrals = pgTable(
  "referrals",
  {
    refereeId: integer("referee_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    referrerId: integer("referrer_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    /** Hash of the referee's first sign-in IP and user agent (anti-cheat: referral rings), null when unknown. */
    fingerprint: text("fingerprint"),
    referrerBonus: int8("referrer_bonus").notNull(),
    refereeBonus: int8("referee_bonus").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [index("referrals_referrer_idx").on(t.referrerId, t.createdAt), index("referrals_referrer_fp_idx").on(t.referrerId, t.fingerprint)],
);
