// PostgreSQL mirror of ../schema/core.ts: same tables, columns, constraints and indexes (the
// schema-parity test compares both engines' live databases). Times are unix ms in bigint read
// as JS numbers; booleans are real booleans.
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

/** Unix ms, the same default SQLite's tables use. */
export const nowMs = sql`((extract(epoch from clock_timestamp()) * 1000)::bigint)`;

/** bigint read as a JS number: unix ms, sats and growing ids stay far below 2^53. */
export const int8 = (name: string) => bigint(name, { mode: "number" });

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    btcAddress: text("btc_address"),
    displayName: text("display_name"),
    displayNameKey: text("display_name_key"),
    countryCode: text("country_code"),
    email: text("email"),
    emailVerified: boolean("email_verified").notNull().default(false),
    passwordHash: text("password_hash"),
    authMethod: text("auth_method").notNull().default("miner"),
    /** Telegram ids exceed 2^31. */
    telegramId: int8("telegram_id"),
    telegramUsername: text("telegram_username"),
    role: text("role").notNull().default("user"),
    isBanned: boolean("is_banned").notNull().default(false),
    createdAt: int8("created_at").notNull().default(nowMs),
    updatedAt: int8("updated_at").notNull().default(nowMs),
    lastLoginAt: int8("last_login_at"),
  },
  (t) => [
    uniqueIndex("users_btc_address_uq").on(t.btcAddress),
    uniqueIndex("users_email_uq").on(t.email),
    uniqueIndex("users_telegram_id_uq").on(t.telegramId),
    uniqueIndex("users_display_name_key_uq").on(t.displayNameKey),
    index("users_created_idx").on(t.createdAt),
  ],
);

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: int8("updated_at").notNull().default(nowMs),
});
