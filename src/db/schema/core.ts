// Core identity and settings tables (seed 003 §5 "Core", adapted to SQLite: ids are integers,
// times are unix milliseconds, booleans are 0/1 integers).
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(unixepoch('subsec') * 1000)`;

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Payout address; a miner's user row is created the first time it authorizes. */
    btcAddress: text("btc_address"),
    displayName: text("display_name"),
    /** Case-folded display name, so "Alice" and "alice" cannot both exist. */
    displayNameKey: text("display_name_key"),
    countryCode: text("country_code"),
    email: text("email"),
    emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
    passwordHash: text("password_hash"),
    /** wallet | email | telegram | miner (created by the pool, never signed in yet). */
    authMethod: text("auth_method").notNull().default("miner"),
    telegramId: integer("telegram_id"),
    telegramUsername: text("telegram_username"),
    role: text("role").notNull().default("user"),
    isBanned: integer("is_banned", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    lastLoginAt: integer("last_login_at"),
  },
  (t) => [
    uniqueIndex("users_btc_address_uq").on(t.btcAddress),
    uniqueIndex("users_email_uq").on(t.email),
    uniqueIndex("users_telegram_id_uq").on(t.telegramId),
    uniqueIndex("users_display_name_key_uq").on(t.displayNameKey),
    index("users_created_idx").on(t.createdAt),
  ],
);

/** Operator-level key/value settings (JSON values), editable from the admin pages. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
});
