// PostgreSQL mirror of ../schema/social.ts (see there for what each column means).
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const cooperatives = pgTable(
  "cooperatives",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    description: text("description"),
    founderId: integer("founder_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    countryCode: text("country_code"),
    joinMode: text("join_mode").notNull().default("open"),
    inviteCode: text("invite_code").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [uniqueIndex("cooperatives_name_key_uq").on(t.nameKey), uniqueIndex("cooperatives_invite_code_uq").on(t.inviteCode)],
);

export const cooperativeMembers = pgTable(
  "cooperative_members",
  {
    cooperativeId: integer("cooperative_id").notNull().references(() => cooperatives.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull().default("member"),
    joinedAt: int8("joined_at").notNull(),
  },
  (t) => [uniqueIndex("cooperative_members_user_uq").on(t.userId), index("cooperative_members_coop_idx").on(t.cooperativeId)],
);
