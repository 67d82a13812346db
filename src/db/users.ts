// User rows, their settings and Telegram profiles. Every query is parameterised by drizzle; callers
// pass already-validated values (src/users/ owns the rules).
import { and, asc, desc, eq, gt, isNotNull, or, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { telegramProfiles, userSettings, users } from "./schema/index.ts";

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserSettingsRow = typeof userSettings.$inferSelect;
export type SettingsPatch = Partial<Omit<UserSettingsRow, "userId" | "updatedAt">>;
export type TelegramProfileRow = typeof telegramProfiles.$inferSelect;

export const findUserById = (db: Db, id: number) => db.orm.select().from(users).where(eq(users.id, id)).get();
export const findUserByEmail = (db: Db, email: string) => db.orm.select().from(users).where(eq(users.email, email)).get();
export const findUserByAddress = (db: Db, address: string) => db.orm.select().from(users).where(eq(users.btcAddress, address)).get();
export const findUserByTelegramId = (db: Db, telegramId: number) =>
  db.orm.select().from(users).where(eq(users.telegramId, telegramId)).get();
export const findUserByDisplayNameKey = (db: Db, key: string) =>
  db.orm.select().from(users).where(eq(users.displayNameKey, key)).get();

export function insertUser(db: Db, values: NewUser, at: number): UserRow {
  return db.orm
    .insert(users)
    .values({ ...values, createdAt: at, updatedAt: at })
    .returning()
    .get();
}

export function updateUser(db: Db, id: number, patch: Partial<NewUser>, at: number): UserRow | undefined {
  return db.orm
    .update(users)
    .set({ ...patch, updatedAt: at })
    .where(eq(users.id, id))
    .returning()
    .get();
}

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && /UNIQUE constraint failed/.test(e.message);
}

export function countAdmins(db: Db): number {
  return db.orm.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.role, "admin")).get()?.n ?? 0;
}

export function listUsers(db: Db, opts: { limit: number; afterId?: number; query?: string }): UserRow[] {
  const q = opts.query ? `%${opts.query.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : undefined;
  const match = q
    ? or(sql`${users.email} LIKE ${q} ESCAPE '\\'`, sql`${users.btcAddress} LIKE ${q} ESCAPE '\\'`, sql`${users.displayName} LIKE ${q} ESCAPE '\\'`)
    : undefined;
  return db.orm
    .select()
    .from(users)
    .where(and(opts.afterId ? gt(users.id, opts.afterId) : undefined, match))
    .orderBy(asc(users.id))
    .limit(opts.limit)
    .all();
}

/** Settings row if the user ever had one (accounts get one; pool-created miners do not). */
export function findSettings(db: Db, userId: number): UserSettingsRow | undefined {
  return db.orm.select().from(userSettings).where(eq(userSettings.userId, userId)).get();
}

/** Settings row, created with the seed defaults the first time it is read. */
export function getSettings(db: Db, userId: number): UserSettingsRow {
  const row = db.orm.select().from(userSettings).where(eq(userSettings.userId, userId)).get();
  if (row) return row;
  return db.orm.insert(userSettings).values({ userId }).onConflictDoNothing().returning().get() ?? getSettings(db, userId);
}

export function updateSettings(db: Db, userId: number, patch: SettingsPatch, at: number): UserSettingsRow {
  getSettings(db, userId);
  return db.orm
    .update(userSettings)
    .set({ ...patch, updatedAt: at })
    .where(eq(userSettings.userId, userId))
    .returning()
    .get()!;
}

export const getTelegramProfile = (db: Db, userId: number) =>
  db.orm.select().from(telegramProfiles).where(eq(telegramProfiles.userId, userId)).get();

/** Refreshes the profile fields; `startParam` is only kept from the first arrival (referral). */
export function upsertTelegramProfile(db: Db, row: Omit<TelegramProfileRow, "updatedAt">, at: number): void {
  db.orm
    .insert(telegramProfiles)
    .values({ ...row, updatedAt: at })
    .onConflictDoUpdate({
      target: telegramProfiles.userId,
      set: {
        firstName: row.firstName,
        lastName: row.lastName,
        photoUrl: row.photoUrl,
        languageCode: row.languageCode,
        isPremium: row.isPremium,
        updatedAt: at,
        startParam: sql`coalesce(${telegramProfiles.startParam}, excluded.start_param)`,
      },
    })
    .run();
}

export interface PendingVerification {
  userId: number;
  email: string;
  displayName: string | null;
  createdAt: number;
  lastSentAt: number | null;
}

/** Accounts with an email that is not verified yet, newest first (the admin page's list). */
export function listPendingVerifications(db: Db, limit: number): PendingVerification[] {
  return db.orm
    .select({
      userId: users.id,
      email: sql<string>`${users.email}`,
      displayName: users.displayName,
      createdAt: users.createdAt,
      // Spelled out with table names: drizzle leaves columns unqualified in a one-table select,
      // and inside the subquery "id" would then mean the token's id (lastSentAt was always null).
      lastSentAt: sql<number | null>`(SELECT max(t.created_at) FROM email_verification_tokens t WHERE t.user_id = users.id)`,
    })
    .from(users)
    .where(and(isNotNull(users.email), eq(users.emailVerified, false)))
    .orderBy(desc(users.createdAt))
    .limit(limit)
    .all();
}
