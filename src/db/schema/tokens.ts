// The token economy (seed 000 §Database Design: wallets, transactions, daily_rewards,
// user_characters, character_upgrades; plus the tap game's own state). Amounts are integer base
// units (src/tokens/units.ts); times are unix ms. The balance can never go negative: a CHECK
// here backs up the conditional update in the ledger (src/db/repos/tokens.ts).
import { sql } from "drizzle-orm";
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

/** One wallet per user (created on the first ledger entry). */
export const wallets = sqliteTable(
  "wallets",
  {
    userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    balance: integer("balance").notNull().default(0),
    totalEarned: integer("total_earned").notNull().default(0),
    totalSpent: integer("total_spent").notNull().default(0),
    stakedAmount: integer("staked_amount").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [check("wallets_balance_nonneg", sql`${t.balance} >= 0`), check("wallets_staked_nonneg", sql`${t.stakedAmount} >= 0`)],
);

/**
 * Every balance change, written in the same transaction as the balance (src/tokens/ledger.ts).
 * `idem_key` is unique per user: a retried or raced request with the same key pays once.
 */
export const transactions = sqliteTable(
  "transactions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** MINING, DAILY_REWARD, CHARACTER_PURCHASE, … (src/tokens/ledger.ts TX_TYPES). */
    type: text("type").notNull(),
    /** Signed base units: credits positive, debits negative. */
    amount: integer("amount").notNull(),
    balanceAfter: integer("balance_after").notNull(),
    status: text("status").notNull().default("COMPLETED"),
    description: text("description").notNull(),
    /** JSON object. */
    metadata: text("metadata").notNull().default("{}"),
    idemKey: text("idem_key").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("transactions_user_idem_uq").on(t.userId, t.idemKey), index("transactions_user_idx").on(t.userId, t.id), index("transactions_type_idx").on(t.type, t.createdAt)],
);

/** The tap game's per-user state: energy and the tap allowance are computed from timestamps. */
export const tapState = sqliteTable("tap_state", {
  userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  /** Energy at `energy_at` (it regenerates from there). */
  energy: integer("energy").notNull(),
  energyAt: integer("energy_at").notNull(),
  /** Taps a human could still make at `allow_at` (a bucket refilled at the human tapping rate). */
  allowance: real("allowance").notNull(),
  allowAt: integer("allow_at").notNull(),
  /** Taps in the current combo and when its last batch arrived. */
  comboTaps: integer("combo_taps").notNull().default(0),
  lastTapAt: integer("last_tap_at"),
  tapsTotal: integer("taps_total").notNull().default(0),
  tapEarned: integer("tap_earned").notNull().default(0),
  crits: integer("crits").notNull().default(0),
  /** Boosts: `YYYY-MM-DD` they were last used on and how many of each that day. */
  boostDay: text("boost_day"),
  refillsUsed: integer("refills_used").notNull().default(0),
  turbosUsed: integer("turbos_used").notNull().default(0),
  turboUntil: integer("turbo_until"),
  /** Accepted share difficulty per UTC day (this and the previous one), from committed mining batches. */
  powDay: text("pow_day"),
  powDayDiff: real("pow_day_diff").notNull().default(0),
  powPrevDiff: real("pow_prev_diff").notNull().default(0),
  /** Difficulty not yet turned into whole base units. */
  powCarry: real("pow_carry").notNull().default(0),
  /** MINING reward earned by proof of work, waiting for /mining/claim. */
  powPending: integer("pow_pending").notNull().default(0),
  powEarned: integer("pow_earned").notNull().default(0),
  powDiffTotal: real("pow_diff_total").notNull().default(0),
  /** Anti-cheat (src/tokens/risk.ts): the score at `risk_at` (it decays from there), the run of identical batch counts, a suspension. */
  risk: integer("risk").notNull().default(0),
  riskAt: integer("risk_at").notNull().default(0),
  lastCount: integer("last_count").notNull().default(0),
  sameCountRun: integer("same_count_run").notNull().default(0),
  suspendedUntil: integer("suspended_until"),
  /** The last signal that raised the score (for admins only). */
  riskSignal: text("risk_signal"),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [check("tap_state_pending_nonneg", sql`${t.powPending} >= 0`), check("tap_state_energy_nonneg", sql`${t.energy} >= 0`)]);

/** Seed 000 daily_rewards: one row per user; one claim per UTC day is the ledger's idempotency key. */
export const dailyRewards = sqliteTable("daily_rewards", {
  userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  streakCount: integer("streak_count").notNull().default(0),
  /** `YYYY-MM-DD` (UTC) of the last claim. */
  lastClaimDay: text("last_claim_day").notNull(),
  lastClaimAt: integer("last_claim_at").notNull(),
  totalClaimed: integer("total_claimed").notNull().default(0),
  claims: integer("claims").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});

/** Characters a user owns (templates are in src/tokens/characters.ts); at most one equipped. */
export const userCharacters = sqliteTable(
  "user_characters",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    template: text("template").notNull(),
    level: integer("level").notNull().default(1),
    isEquipped: integer("is_equipped", { mode: "boolean" }).notNull().default(false),
    acquiredAt: integer("acquired_at").notNull(),
  },
  (t) => [
    uniqueIndex("user_characters_user_template_uq").on(t.userId, t.template),
    uniqueIndex("user_characters_one_equipped_uq").on(t.userId).where(sql`${t.isEquipped} = 1`),
    check("user_characters_level_range", sql`${t.level} >= 1 AND ${t.level} <= 50`),
  ],
);

/** Seed 000 character_upgrades: every level bought, with its price. */
export const characterUpgrades = sqliteTable(
  "character_upgrades",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userCharacterId: integer("user_character_id").notNull().references(() => userCharacters.id, { onDelete: "cascade" }),
    upgradeType: text("upgrade_type").notNull(),
    previousValue: integer("previous_value").notNull(),
    newValue: integer("new_value").notNull(),
    cost: integer("cost").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("character_upgrades_char_idx").on(t.userCharacterId, t.id)],
);

/**
 * Stakes (seed 000 §Staking Mechanism): tokens moved from the balance to `wallets.staked_amount`
 * for a lock period; interest is paid hourly as STAKING_REWARD entries. `paid` is the interest
 * paid so far: each accrual pays floor(cumulative interest) − paid (src/tokens/staking.ts).
 */
export const stakes = sqliteTable(
  "stakes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** FLEXIBLE | THIRTY_DAYS | NINETY_DAYS | ONE_EIGHTY_DAYS */
    period: text("period").notNull(),
    amount: integer("amount").notNull(),
    apyBp: integer("apy_bp").notNull(),
    startedAt: integer("started_at").notNull(),
    /** Null for FLEXIBLE. */
    unlockAt: integer("unlock_at"),
    paid: integer("paid").notNull().default(0),
    accruedTo: integer("accrued_to").notNull(),
    /** ACTIVE | CLOSED */
    status: text("status").notNull().default("ACTIVE"),
    closedAt: integer("closed_at"),
    penalty: integer("penalty").notNull().default(0),
  },
  (t) => [index("stakes_user_idx").on(t.userId, t.status), index("stakes_status_idx").on(t.status, t.id), check("stakes_amount_pos", sql`${t.amount} > 0`)],
);

/** A player's own referral code (shared as the Mini App start parameter `ref_<code>`). */
export const referralCodes = sqliteTable(
  "referral_codes",
  {
    userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("referral_codes_code_uq").on(t.code)],
);

/** Seed 000 referrals: one row per referee (its primary key), so a player is referred once. */
export const referrals = sqliteTable(
  "referrals",
  {
    refereeId: integer("referee_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    referrerId: integer("referrer_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    /** Hash of the referee's first sign-in IP and user agent (anti-cheat: referral rings), null when unknown. */
    fingerprint: text("fingerprint"),
    referrerBonus: integer("referrer_bonus").notNull(),
    refereeBonus: integer("referee_bonus").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("referrals_referrer_idx").on(t.referrerId, t.createdAt), index("referrals_referrer_fp_idx").on(t.referrerId, t.fingerprint)],
);
