// UsersRepo, written once for both engines (see conn.ts).
import { and, asc, count, desc, eq, gt, isNotNull, or, sql } from "drizzle-orm";
import type { UsersRepo } from "../repos.ts";
import { likeContains, type Conn } from "./conn.ts";

export function usersRepo(c: Conn): UsersRepo {
  const { orm, t } = c;
  const { users, userSettings, telegramProfiles } = t;
  const first = <R>(rows: R[]): R | undefined => rows[0];
  const userWhere = (where: ReturnType<typeof eq>) => orm.select().from(users).where(where).limit(1).then(first);

  const repo: UsersRepo = {
    findUserById: (id) => userWhere(eq(users.id, id)),
    findUserByEmail: (email) => userWhere(eq(users.email, email)),
    findUserByAddress: (address) => userWhere(eq(users.btcAddress, address)),
    findUserByTelegramId: (telegramId) => userWhere(eq(users.telegramId, telegramId)),
    findUserByDisplayNameKey: (key) => userWhere(eq(users.displayNameKey, key)),

    async insertUser(values, at) {
      const [row] = await orm
        .insert(users)
        .values({ ...values, createdAt: at, updatedAt: at })
        .returning();
      return row!;
    },

    updateUser: (id, patch, at) =>
      orm
        .update(users)
        .set({ ...patch, updatedAt: at })
        .where(eq(users.id, id))
        .returning()
        .then(first),

    bannedAddresses: () =>
      orm
        .select({ a: users.btcAddress })
        .from(users)
        .where(and(eq(users.isBanned, true), isNotNull(users.btcAddress)))
        .then((r) => r.map((x) => x.a!)),

    countAdmins: () =>
      orm
        .select({ n: count() })
        .from(users)
        .where(eq(users.role, "admin"))
        .then((r) => r[0]?.n ?? 0),

    listUsers(opts) {
      const q = opts.query ? likeContains(opts.query) : undefined;
      // A number is also a Telegram id (exact): admins paste the id a user reports.
      const tg = opts.query && /^\d{1,15}$/.test(opts.query.trim()) ? Number(opts.query.trim()) : null;
      const match = q
        ? or(c.dialect.containsIgnoringCase(users.email, q), c.dialect.containsIgnoringCase(users.btcAddress, q), c.dialect.containsIgnoringCase(users.displayName, q), tg !== null ? eq(users.telegramId, tg) : undefined)
        : undefined;
      return orm
        .select()
        .from(users)
        .where(and(opts.afterId ? gt(users.id, opts.afterId) : undefined, match))
        .orderBy(asc(users.id))
        .limit(opts.limit);
    },

    findSettings: (userId) => orm.select().from(userSettings).where(eq(userSettings.userId, userId)).limit(1).then(first),

    async getSettings(userId) {
      const row = await repo.findSettings(userId);
      if (row) return row;
      const [made] = await orm.insert(userSettings).values({ userId }).onConflictDoNothing().returning();
      // Lost a race with another first read: the winner's row is there now.
      return made ?? (await repo.findSettings(userId))!;
    },

    async updateSettings(userId, patch, at) {
      await repo.getSettings(userId);
      const [row] = await orm
        .update(userSettings)
        .set({ ...patch, updatedAt: at })
        .where(eq(userSettings.userId, userId))
        .returning();
      return row!;
    },

    getTelegramProfile: (userId) => orm.select().from(telegramProfiles).where(eq(telegramProfiles.userId, userId)).limit(1).then(first),

    async upsertTelegramProfile(row, at) {
      await orm
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
        });
    },

    listPendingVerifications: (limit) =>
      orm
        .select({
          userId: users.id,
          email: sql<string>`${users.email}`,
          displayName: users.displayName,
          createdAt: users.createdAt,
          // Spelled out with table names: drizzle leaves columns unqualified in a one-table
          // select, and inside the subquery "id" would then mean the token's id. max() of a
          // bigint arrives as text from PostgreSQL: mapped back to a number.
          lastSentAt: sql<number | null>`(SELECT max(t.created_at) FROM email_verification_tokens t WHERE t.user_id = users.id)`.mapWith(Number),
        })
        .from(users)
        .where(and(isNotNull(users.email), eq(users.emailVerified, false)))
        // Ties (the same millisecond) newest id first on both engines: what SQLite's backwards
        // scan of the created_at index gives; PostgreSQL's sort would leave them in any order.
        .orderBy(desc(users.createdAt), desc(users.id))
        .limit(limit),
  };
  return repo;
}
