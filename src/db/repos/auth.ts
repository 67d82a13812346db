// AuthRepo, written once for both engines (see conn.ts).
import { and, desc, eq, gt, inArray, isNull, like, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { AuthRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";

const jtisOf = (rows: { jti: string | null }[]) => rows.map((r) => r.jti).filter((j): j is string => !!j);

export function authRepo(c: Conn): AuthRepo {
  const { orm, t } = c;
  const { refreshTokens, apiKeys, emailVerificationTokens, passwordResetTokens, loginFailures, auditLog } = t;

  /**
   * Admin actions about user `id`: their metadata (compact JSON.stringify output) names the
   * target as "target" (src/admin) or "target_user_id" (src/game). A pattern match reads the same
   * on both engines and needs no JSON functions; the action index narrows it to admin actions.
   * `id` is an integer, so nothing in the pattern comes from user text.
   */
  const aboutUser = (id: number): SQL | undefined => {
    const n = Math.trunc(id);
    return and(
      eq(auditLog.action, "admin_action"),
      or(...["target", "target_user_id"].flatMap((k) => [`%"${k}":${n},%`, `%"${k}":${n}}%`].map((p) => like(auditLog.metadata, p)))),
    );
  };
  const first = <R>(rows: R[]): R | undefined => rows[0];

  /** Reads the access-token ids of the matching rows, then revokes the active ones, atomically. */
  const revokeWhere = (where: SQL | undefined, jtiWhere: SQL | undefined, at: number, reason: string) =>
    c.tx(async ({ orm }) => {
      const jtis = await orm.select({ jti: refreshTokens.accessJti }).from(refreshTokens).where(jtiWhere);
      await orm
        .update(refreshTokens)
        .set({ revokedAt: at, revokedReason: reason })
        .where(and(where, isNull(refreshTokens.revokedAt)));
      return jtisOf(jtis);
    });

  return {
    // ── refresh tokens ──────────────────────────────────────────────────────────────────────
    async insertRefresh(row) {
      await orm.insert(refreshTokens).values(row);
    },

    findRefreshByHash: (tokenHash) => orm.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1).then(first),

    async revokeRefresh(id, at, reason) {
      const r = await orm
        .update(refreshTokens)
        .set({ revokedAt: at, revokedReason: reason })
        .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      return r.length === 1;
    },

    revokeFamily(familyId, at, reason, userId) {
      const where = and(eq(refreshTokens.familyId, familyId), userId === undefined ? undefined : eq(refreshTokens.userId, userId));
      return revokeWhere(where, where, at, reason);
    },

    revokeAllForUser(userId, at, reason, keepFamily) {
      const where = and(eq(refreshTokens.userId, userId), keepFamily ? ne(refreshTokens.familyId, keepFamily) : undefined);
      return revokeWhere(where, and(where, gt(refreshTokens.expiresAt, at)), at, reason);
    },

    listSessions: (userId, at) =>
      orm
        .select({
          familyId: refreshTokens.familyId,
          method: refreshTokens.method,
          // Outer column spelled out: drizzle leaves it unqualified in a one-table select, where
          // it would mean r2's own family_id.
          startedAt: sql<number>`(SELECT min(r2.created_at) FROM refresh_tokens r2 WHERE r2.family_id = refresh_tokens.family_id)`.mapWith(Number),
          lastUsedAt: refreshTokens.createdAt,
          expiresAt: refreshTokens.expiresAt,
          ipAddress: refreshTokens.ipAddress,
          userAgent: refreshTokens.userAgent,
          accessJti: refreshTokens.accessJti,
        })
        .from(refreshTokens)
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, at)))
        .orderBy(desc(refreshTokens.createdAt)),

    familyOfAccessJti: (jti) =>
      orm
        .select({ familyId: refreshTokens.familyId })
        .from(refreshTokens)
        .where(eq(refreshTokens.accessJti, jti))
        .limit(1)
        .then((r) => r[0]?.familyId),

    familyStartedAt: (familyId) =>
      orm
        // min() of a bigint arrives as text from PostgreSQL: mapped back to a number.
        .select({ t: sql<number | null>`min(${refreshTokens.createdAt})`.mapWith(Number) })
        .from(refreshTokens)
        .where(eq(refreshTokens.familyId, familyId))
        .then((r) => r[0]?.t ?? undefined),

    revokedJtisSince(since) {
      const ended = orm
        .select({ familyId: refreshTokens.familyId })
        .from(refreshTokens)
        .where(and(gt(refreshTokens.revokedAt, since), ne(refreshTokens.revokedReason, "rotated")));
      return orm
        .select({ jti: refreshTokens.accessJti })
        .from(refreshTokens)
        .where(and(gt(refreshTokens.createdAt, since), inArray(refreshTokens.familyId, ended)))
        .then(jtisOf);
    },

    deleteExpiredRefresh(before) {
      // Outer columns spelled out with the table name: inside the subqueries an unqualified
      // family_id would mean the subquery's own row.
      const keepFirstOfLiveFamily = sql`(refresh_tokens.created_at = (SELECT min(r2.created_at) FROM refresh_tokens r2 WHERE r2.family_id = refresh_tokens.family_id)
        AND EXISTS (SELECT 1 FROM refresh_tokens r3 WHERE r3.family_id = refresh_tokens.family_id AND r3.expires_at >= ${sql`cast(${before} as bigint)`}))`;
      return orm
        .delete(refreshTokens)
        .where(and(lt(refreshTokens.expiresAt, before), sql`NOT ${keepFirstOfLiveFamily}`))
        .returning({ id: refreshTokens.id })
        .then((r) => r.length);
    },

    // ── API keys ────────────────────────────────────────────────────────────────────────────
    async insertApiKey(row) {
      const [made] = await orm.insert(apiKeys).values(row).returning();
      return made!;
    },

    findApiKeyByHash: (keyHash) => orm.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1).then(first),

    listApiKeys: (userId) =>
      orm
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
        .orderBy(desc(apiKeys.createdAt)),

    revokeApiKey: (userId, id, at) =>
      orm
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id })
        .then((r) => r.length === 1),

    async touchApiKey(id, at) {
      await orm.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
    },

    // ── mail tokens ─────────────────────────────────────────────────────────────────────────
    async insertVerificationToken(row) {
      await orm.insert(emailVerificationTokens).values(row);
    },

    consumeVerificationToken: (tokenHash, at) =>
      orm
        .update(emailVerificationTokens)
        .set({ usedAt: at })
        .where(and(eq(emailVerificationTokens.tokenHash, tokenHash), isNull(emailVerificationTokens.usedAt), gt(emailVerificationTokens.expiresAt, at)))
        .returning()
        .then(first),

    async insertResetToken(row) {
      await orm.insert(passwordResetTokens).values(row);
    },

    consumeResetToken: (tokenHash, at) =>
      orm
        .update(passwordResetTokens)
        .set({ usedAt: at })
        .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, at)))
        .returning()
        .then(first),

    async expireResetTokens(userId, at) {
      await orm
        .update(passwordResetTokens)
        .set({ usedAt: at })
        .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
    },

    // ── login failures ──────────────────────────────────────────────────────────────────────
    getLoginFailures: (userId) => orm.select().from(loginFailures).where(eq(loginFailures.userId, userId)).limit(1).then(first),

    async recordLoginFailure(userId, at, maxFailures, lockMs, windowMs) {
      // One upsert computes the new count from the stored row, so two failures at the same
      // moment (two requests, or two instances on PostgreSQL) both count: no read-then-write.
      // Failures older than the window, or from before a lockout ended, start the count again.
      // Casts give PostgreSQL the parameter types it cannot infer inside CASE; SQLite accepts them.
      const f = loginFailures;
      const int8 = (n: number) => sql`cast(${n} as bigint)`;
      const stale = sql`(${int8(at)} - ${f.lastFailedAt} > ${int8(windowMs)} OR (${f.lockedUntil} IS NOT NULL AND ${f.lockedUntil} <= ${int8(at)}))`;
      const next = sql`(CASE WHEN ${stale} THEN 1 ELSE ${f.failures} + 1 END)`;
      const [row] = await orm
        .insert(f)
        .values({ userId, failures: 1, lockedUntil: maxFailures <= 1 ? at + lockMs : null, lastFailedAt: at })
        .onConflictDoUpdate({
          target: f.userId,
          set: {
            failures: next,
            lockedUntil: sql`(CASE WHEN ${next} >= ${sql`cast(${maxFailures} as integer)`} THEN ${int8(at + lockMs)} ELSE NULL END)`,
            lastFailedAt: at,
          },
        })
        .returning({ failures: f.failures, lockedUntil: f.lockedUntil });
      return { failures: row!.failures, lockedUntil: row!.lockedUntil };
    },

    async clearLoginFailures(userId) {
      await orm.delete(loginFailures).where(eq(loginFailures.userId, userId));
    },

    // ── audit log ───────────────────────────────────────────────────────────────────────────
    async insertAudit(row) {
      await orm.insert(auditLog).values(row);
    },

    listAudit: (opts) =>
      orm
        .select()
        .from(auditLog)
        .where(
          and(
            opts.userId !== undefined ? eq(auditLog.userId, opts.userId) : undefined,
            opts.involving !== undefined ? or(eq(auditLog.userId, opts.involving), aboutUser(opts.involving)) : undefined,
            opts.action ? eq(auditLog.action, opts.action) : undefined,
            opts.beforeId ? lt(auditLog.id, opts.beforeId) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(opts.limit),
  };
}
