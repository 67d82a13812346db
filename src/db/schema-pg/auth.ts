// PostgreSQL mirror of ../schema/auth.ts (see that file for what each table and column means).
import { boolean, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, nowMs, users } from "./core.ts";

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    accessJti: text("access_jti"),
    expiresAt: int8("expires_at").notNull(),
    createdAt: int8("created_at").notNull().default(nowMs),
    revokedAt: int8("revoked_at"),
    revokedReason: text("revoked_reason"),
    method: text("method").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_uq").on(t.tokenHash),
    index("refresh_tokens_user_idx").on(t.userId),
    index("refresh_tokens_family_idx").on(t.familyId),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    prefix: text("prefix").notNull(),
    permissions: text("permissions").notNull().default('["read"]'),
    lastUsedAt: int8("last_used_at"),
    expiresAt: int8("expires_at"),
    createdAt: int8("created_at").notNull().default(nowMs),
    revokedAt: int8("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

export const userSettings = pgTable("user_settings", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  avatarUrl: text("avatar_url"),
  notificationShares: boolean("notification_shares").notNull().default(false),
  notificationBlocks: boolean("notification_blocks").notNull().default(true),
  notificationBadges: boolean("notification_badges").notNull().default(true),
  notificationStreaks: boolean("notification_streaks").notNull().default(true),
  notificationLottery: boolean("notification_lottery").notNull().default(true),
  notificationEmail: boolean("notification_email").notNull().default(false),
  soundMode: text("sound_mode").notNull().default("subtle"),
  privacyShowProfile: boolean("privacy_show_profile").notNull().default(true),
  privacyShowHashrate: boolean("privacy_show_hashrate").notNull().default(false),
  privacyShowCountry: boolean("privacy_show_country").notNull().default(true),
  uiMode: text("ui_mode").notNull().default("full"),
  timezone: text("timezone").notNull().default("UTC"),
  updatedAt: int8("updated_at").notNull().default(nowMs),
});

export const emailVerificationTokens = pgTable(
  "email_verification_tokens",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    expiresAt: int8("expires_at").notNull(),
    usedAt: int8("used_at"),
    createdAt: int8("created_at").notNull().default(nowMs),
  },
  (t) => [uniqueIndex("email_verification_hash_uq").on(t.tokenHash), index("email_verification_user_idx").on(t.userId)],
);

export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: int8("expires_at").notNull(),
    usedAt: int8("used_at"),
    ipAddress: text("ip_address"),
    createdAt: int8("created_at").notNull().default(nowMs),
  },
  (t) => [uniqueIndex("password_reset_hash_uq").on(t.tokenHash), index("password_reset_user_idx").on(t.userId)],
);

export const loginFailures = pgTable("login_failures", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  failures: integer("failures").notNull().default(0),
  lockedUntil: int8("locked_until"),
  lastFailedAt: int8("last_failed_at").notNull(),
});

export const telegramProfiles = pgTable("telegram_profiles", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  firstName: text("first_name"),
  lastName: text("last_name"),
  photoUrl: text("photo_url"),
  languageCode: text("language_code"),
  isPremium: boolean("is_premium").notNull().default(false),
  startParam: text("start_param"),
  updatedAt: int8("updated_at").notNull().default(nowMs),
});

export const auditLog = pgTable(
  "audit_log",
  {
    // bigint: the log only grows.
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    metadata: text("metadata"),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [index("audit_log_user_idx").on(t.userId, t.createdAt), index("audit_log_action_idx").on(t.action, t.createdAt)],
);
