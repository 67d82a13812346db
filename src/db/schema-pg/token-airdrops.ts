// PostgreSQL mirror of ../schema/token-airdrops.ts (see there for what each column means).
import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const airdrops = pgTable(
  "airdrops",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    method: text("method").notNull(),
    totalAmount: int8("total_amount").notNull(),
    maxParticipants: integer("max_participants").notNull(),
    winners: integer("winners").notNull().default(0),
    minAccountAgeDays: integer("min_account_age_days").notNull().default(0),
    minTransactions: integer("min_transactions").notNull().default(0),
    minLevel: integer("min_level").notNull().default(0),
    requiredAchievements: text("required_achievements").notNull().default("[]"),
    startsAt: int8("starts_at").notNull(),
    endsAt: int8("ends_at").notNull(),
    status: text("status").notNull().default("OPEN"),
    claimed: integer("claimed").notNull().default(0),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: int8("created_at").notNull(),
    distributedAt: int8("distributed_at"),
  },
  (t) => [index("airdrops_status_idx").on(t.status, t.endsAt)],
);

export const airdropClaims = pgTable(
  "airdrop_claims",
  {
    airdropId: integer("airdrop_id").notNull().references(() => airdrops.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    weight: int8("weight").notNull().default(1),
    amount: int8("amount").notNull().default(0),
    status: text("status").notNull(),
    claimedAt: int8("claimed_at").notNull(),
    paidAt: int8("paid_at"),
  },
  (t) => [primaryKey({ columns: [t.airdropId, t.userId] }), index("airdrop_claims_user_idx").on(t.userId)],
);
