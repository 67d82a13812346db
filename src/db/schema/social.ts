// Cooperatives (seed 003 §5 cooperatives / cooperative_members, adapted). A coop's numbers
// (members, shares, hashrate, blocks) are read from the mining tables when asked, never stored
// here, so they cannot drift from what the pool recorded. `name_key` is the case-folded name
// (unique, like display names); a user belongs to at most one coop (unique user_id).
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const cooperatives = sqliteTable(
  "cooperatives",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    description: text("description"),
    founderId: integer("founder_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    countryCode: text("country_code"),
    /** open: anyone may join; invite: only with the invite code. */
    joinMode: text("join_mode").notNull().default("open"),
    inviteCode: text("invite_code").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("cooperatives_name_key_uq").on(t.nameKey), uniqueIndex("cooperatives_invite_code_uq").on(t.inviteCode)],
);

export const cooperativeMembers = sqliteTable(
  "cooperative_members",
  {
    cooperativeId: integer("cooperative_id").notNull().references(() => cooperatives.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** founder, admin or member. */
    role: text("role").notNull().default("member"),
    joinedAt: integer("joined_at").notNull(),
  },
  (t) => [uniqueIndex("cooperative_members_user_uq").on(t.userId), index("cooperative_members_coop_idx").on(t.cooperativeId)],
);
