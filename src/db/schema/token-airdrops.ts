// Airdrops (seed 000 §Airdrop System): admin-created drops of game tokens with eligibility rules
// and a distribution method. A claim row per player (primary key: one claim each); EQUAL pays at
// the claim, PROPORTIONAL and LOTTERY register the claim and pay when an admin distributes after
// the end. `claimed` counts claims, capped by max_participants in the same conditional update.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const airdrops = sqliteTable(
  "airdrops",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull(),
    /** EQUAL | PROPORTIONAL | LOTTERY */
    method: text("method").notNull(),
    /** Base units shared out in total (never more: rounding leftovers stay undistributed). */
    totalAmount: integer("total_amount").notNull(),
    maxParticipants: integer("max_participants").notNull(),
    /** LOTTERY: how many claimants win an equal share. */
    winners: integer("winners").notNull().default(0),
    minAccountAgeDays: integer("min_account_age_days").notNull().default(0),
    minTransactions: integer("min_transactions").notNull().default(0),
    minLevel: integer("min_level").notNull().default(0),
    /** JSON array of achievement slugs the player must have reached. */
    requiredAchievements: text("required_achievements").notNull().default("[]"),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    /** OPEN | DISTRIBUTED */
    status: text("status").notNull().default("OPEN"),
    claimed: integer("claimed").notNull().default(0),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    distributedAt: integer("distributed_at"),
  },
  (t) => [index("airdrops_status_idx").on(t.status, t.endsAt)],
);

export const airdropClaims = sqliteTable(
  "airdrop_claims",
  {
    airdropId: integer("airdrop_id").notNull().references(() => airdrops.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** PROPORTIONAL: the player's tokens earned when they claimed (their share's weight). */
    weight: integer("weight").notNull().default(1),
    /** Base units paid (0 until paid, and for a lottery ticket that did not win). */
    amount: integer("amount").notNull().default(0),
    /** REGISTERED | PAID | LOST */
    status: text("status").notNull(),
    claimedAt: integer("claimed_at").notNull(),
    paidAt: integer("paid_at"),
  },
  (t) => [primaryKey({ columns: [t.airdropId, t.userId] }), index("airdrop_claims_user_idx").on(t.userId)],
);
