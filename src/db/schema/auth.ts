// Account and security tables (seed 003 §5 "Auth Tables" and audit_log, adapted to SQLite: text
// ids from crypto.randomUUID, times in unix ms, booleans 0/1). Secrets are never stored: refresh
// tokens, API keys and mail tokens only as SHA-256 hex of a 256-bit random value.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

const now = sql`(unixepoch('subsec') * 1000)`;

/**
 * One row per issued refresh token. A sign-in starts a family (= one "session" on the sessions
 * page); every refresh revokes the presented row and adds its successor to the same family, so a
 * revoked row presented again means the token was copied and the whole family is revoked.
 */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** jti of the access token issued with this refresh token, denied once the family is revoked. */
    accessJti: text("access_jti"),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    revokedAt: integer("revoked_at"),
    /** rotated | logout | reuse | password_reset | password_change | revoked_by_user | admin */
    revokedReason: text("revoked_reason"),
    /** wallet | email | telegram — how the family started, for the sessions page. */
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

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** SHA-256 hex: the key carries 256 random bits, so a slow hash adds nothing and would cost every request. */
    keyHash: text("key_hash").notNull(),
    /** "tbg_" + the first 8 characters, shown in lists. */
    prefix: text("prefix").notNull(),
    /** JSON array of read | write | admin. */
    permissions: text("permissions").notNull().default('["read"]'),
    lastUsedAt: integer("last_used_at"),
    expiresAt: integer("expires_at"),
    createdAt: integer("created_at").notNull().default(now),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

/** Seed 003 user_settings without display_name/email_address: users owns those (one source of truth). */
export const userSettings = sqliteTable("user_settings", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  avatarUrl: text("avatar_url"),
  notificationShares: integer("notification_shares", { mode: "boolean" }).notNull().default(false),
  notificationBlocks: integer("notification_blocks", { mode: "boolean" }).notNull().default(true),
  notificationBadges: integer("notification_badges", { mode: "boolean" }).notNull().default(true),
  notificationStreaks: integer("notification_streaks", { mode: "boolean" }).notNull().default(true),
  notificationLottery: integer("notification_lottery", { mode: "boolean" }).notNull().default(true),
  notificationEmail: integer("notification_email", { mode: "boolean" }).notNull().default(false),
  /** off | subtle | full */
  soundMode: text("sound_mode").notNull().default("subtle"),
  privacyShowProfile: integer("privacy_show_profile", { mode: "boolean" }).notNull().default(true),
  privacyShowHashrate: integer("privacy_show_hashrate", { mode: "boolean" }).notNull().default(false),
  privacyShowCountry: integer("privacy_show_country", { mode: "boolean" }).notNull().default(true),
  /** full | simple */
  uiMode: text("ui_mode").notNull().default("full"),
  timezone: text("timezone").notNull().default("UTC"),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const emailVerificationTokens = sqliteTable(
  "email_verification_tokens",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    /** The address the link was sent to: verifying proves that address, not a later one. */
    email: text("email").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("email_verification_hash_uq").on(t.tokenHash), index("email_verification_user_idx").on(t.userId)],
);

export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    ipAddress: text("ip_address"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("password_reset_hash_uq").on(t.tokenHash), index("password_reset_user_idx").on(t.userId)],
);

/** Failed password sign-ins per account; kept in the database so a restart does not lift a lockout. */
export const loginFailures = sqliteTable("login_failures", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  failures: integer("failures").notNull().default(0),
  lockedUntil: integer("locked_until"),
  lastFailedAt: integer("last_failed_at").notNull(),
});

/** Mini App profile of a Telegram user, refreshed at every Telegram sign-in. */
export const telegramProfiles = sqliteTable("telegram_profiles", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  firstName: text("first_name"),
  lastName: text("last_name"),
  photoUrl: text("photo_url"),
  languageCode: text("language_code"),
  isPremium: integer("is_premium", { mode: "boolean" }).notNull().default(false),
  /** The `start_param` the user first arrived with (a referral code), never overwritten. */
  startParam: text("start_param"),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    /** login, login_failed, api_key_created, settings_changed, admin_action, … */
    action: text("action").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    /** JSON object. */
    metadata: text("metadata"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("audit_log_user_idx").on(t.userId, t.createdAt), index("audit_log_action_idx").on(t.action, t.createdAt)],
);
