// Rows behind sign-in: refresh token families, API keys, mail tokens, login failures, audit log.
// Token values never reach this file: callers pass SHA-256 hashes.
import { and, desc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { apiKeys, auditLog, emailVerificationTokens, loginFailures, passwordResetTokens, refreshTokens } from "./schema/index.ts";

export type RefreshRow = typeof refreshTokens.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;

// ── refresh tokens ──────────────────────────────────────────────────────────────────────────

export function insertRefresh(db: Db, row: typeof refreshTokens.$inferInsert): void {
  db.orm.insert(refreshTokens).values(row).run();
}

export const findRefreshByHash = (db: Db, tokenHash: string) =>
  db.orm.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).get();

/** Marks one row revoked if it still is active; true when this call revoked it (the rotation winner). */
export function revokeRefresh(db: Db, id: string, at: number, reason: string): boolean {
  const r = db.orm
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id })
    .all();
  return r.length === 1;
}

/** Revokes every active row of a family; returns the access-token ids that must be denied. */
export function revokeFamily(db: Db, familyId: string, at: number, reason: string, userId?: number): string[] {
  const where = and(eq(refreshTokens.familyId, familyId), userId === undefined ? undefined : eq(refreshTokens.userId, userId));
  const jtis = db.orm.select({ jti: refreshTokens.accessJti }).from(refreshTokens).where(where).all();
  db.orm
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(where, isNull(refreshTokens.revokedAt)))
    .run();
  return jtis.map((r) => r.jti).filter((j): j is string => !!j);
}

/** Revokes every family of a user except `keepFamily`; returns the access-token ids to deny. */
export function revokeAllForUser(db: Db, userId: number, at: number, reason: string, keepFamily?: string): string[] {
  const where = and(eq(refreshTokens.userId, userId), keepFamily ? ne(refreshTokens.familyId, keepFamily) : undefined);
  const jtis = db.orm.select({ jti: refreshTokens.accessJti }).from(refreshTokens).where(and(where, gt(refreshTokens.expiresAt, at))).all();
  db.orm
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(where, isNull(refreshTokens.revokedAt)))
    .run();
  return jtis.map((r) => r.jti).filter((j): j is string => !!j);
}

export interface SessionRow {
  familyId: string;
  method: string;
  startedAt: number;
  lastUsedAt: number;
  expiresAt: number;
  ipAddress: string | null;
  userAgent: string | null;
  accessJti: string | null;
}

/** Active families of a user: one "session" each, described by its newest row. */
export function listSessions(db: Db, userId: number, at: number): SessionRow[] {
  return db.orm
    .select({
      familyId: refreshTokens.familyId,
      method: refreshTokens.method,
      // Outer column spelled out: drizzle leaves it unqualified in a one-table select, where it
      // meant r2's own family_id (every session started at the oldest token of any user).
      startedAt: sql<number>`(SELECT min(r2.created_at) FROM refresh_tokens r2 WHERE r2.family_id = refresh_tokens.family_id)`,
      lastUsedAt: refreshTokens.createdAt,
      expiresAt: refreshTokens.expiresAt,
      ipAddress: refreshTokens.ipAddress,
      userAgent: refreshTokens.userAgent,
      accessJti: refreshTokens.accessJti,
    })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, at)))
    .orderBy(desc(refreshTokens.createdAt))
    .all();
}

/** When a family began: its sign-in time (the first row is kept while the family lives, see deleteExpiredRefresh). */
export function familyStartedAt(db: Db, familyId: string): number | undefined {
  const r = db.orm
    .select({ t: sql<number | null>`min(${refreshTokens.createdAt})` })
    .from(refreshTokens)
    .where(eq(refreshTokens.familyId, familyId))
    .get();
  return r?.t ?? undefined;
}

export const familyOfAccessJti = (db: Db, jti: string) =>
  db.orm.select({ familyId: refreshTokens.familyId }).from(refreshTokens).where(eq(refreshTokens.accessJti, jti)).get()?.familyId;

/**
 * Access-token ids that may still be live (issued after `since`) in families that were ended
 * (logout, reuse, password change, …) after `since`: rebuilds the deny list at start-up. A
 * family's earlier rows were marked "rotated" when refreshed, but their access tokens were
 * denied with the family too, so every row of such a family counts, not only its last one.
 */
export function revokedJtisSince(db: Db, since: number): string[] {
  const ended = db.orm
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(and(gt(refreshTokens.revokedAt, since), ne(refreshTokens.revokedReason, "rotated")));
  return db.orm
    .select({ jti: refreshTokens.accessJti })
    .from(refreshTokens)
    .where(and(gt(refreshTokens.createdAt, since), inArray(refreshTokens.familyId, ended)))
    .all()
    .map((r) => r.jti)
    .filter((j): j is string => !!j);
}

/**
 * Drops expired rows, except a live family's first row: it dates the family's sign-in, which the
 * recent-sign-in rule relies on (without it a long-lived family would look freshly signed in).
 */
export function deleteExpiredRefresh(db: Db, before: number): number {
  const keepFirstOfLiveFamily = sql`(${refreshTokens.createdAt} = (SELECT min(r2.created_at) FROM refresh_tokens r2 WHERE r2.family_id = ${refreshTokens.familyId})
    AND EXISTS (SELECT 1 FROM refresh_tokens r3 WHERE r3.family_id = ${refreshTokens.familyId} AND r3.expires_at >= ${before}))`;
  return db.orm
    .delete(refreshTokens)
    .where(and(lt(refreshTokens.expiresAt, before), sql`NOT ${keepFirstOfLiveFamily}`))
    .returning({ id: refreshTokens.id })
    .all().length;
}

// ── API keys ────────────────────────────────────────────────────────────────────────────────

export function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): ApiKeyRow {
  return db.orm.insert(apiKeys).values(row).returning().get();
}

export const findApiKeyByHash = (db: Db, keyHash: string) => db.orm.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).get();

export function listApiKeys(db: Db, userId: number): ApiKeyRow[] {
  return db.orm
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt))
    .all();
}

/** Scoped by owner so one user can never revoke another's key; false when nothing matched. */
export function revokeApiKey(db: Db, userId: number, id: string, at: number): boolean {
  return (
    db.orm
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id })
      .all().length === 1
  );
}

export function touchApiKey(db: Db, id: string, at: number): void {
  db.orm.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id)).run();
}

// ── mail tokens ─────────────────────────────────────────────────────────────────────────────

export function insertVerificationToken(db: Db, row: typeof emailVerificationTokens.$inferInsert): void {
  db.orm.insert(emailVerificationTokens).values(row).run();
}

/** Consumes an unused, unexpired token in one statement: a link works exactly once. */
export function consumeVerificationToken(db: Db, tokenHash: string, at: number) {
  return db.orm
    .update(emailVerificationTokens)
    .set({ usedAt: at })
    .where(and(eq(emailVerificationTokens.tokenHash, tokenHash), isNull(emailVerificationTokens.usedAt), gt(emailVerificationTokens.expiresAt, at)))
    .returning()
    .get();
}

export function insertResetToken(db: Db, row: typeof passwordResetTokens.$inferInsert): void {
  db.orm.insert(passwordResetTokens).values(row).run();
}

export function consumeResetToken(db: Db, tokenHash: string, at: number) {
  return db.orm
    .update(passwordResetTokens)
    .set({ usedAt: at })
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, at)))
    .returning()
    .get();
}

/** A new reset link makes the older ones useless. */
export function expireResetTokens(db: Db, userId: number, at: number): void {
  db.orm
    .update(passwordResetTokens)
    .set({ usedAt: at })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
    .run();
}

// ── login failures ──────────────────────────────────────────────────────────────────────────

export const getLoginFailures = (db: Db, userId: number) => db.orm.select().from(loginFailures).where(eq(loginFailures.userId, userId)).get();

export function recordLoginFailure(db: Db, userId: number, at: number, maxFailures: number, lockMs: number, windowMs: number) {
  return db.sqlite.transaction(() => {
    const prev = getLoginFailures(db, userId);
    // Failures older than the window (or before a lockout ended) start the count again.
    const stale = !prev || at - prev.lastFailedAt > windowMs || (prev.lockedUntil !== null && prev.lockedUntil <= at);
    const failures = (stale ? 0 : prev.failures) + 1;
    const lockedUntil = failures >= maxFailures ? at + lockMs : null;
    db.orm
      .insert(loginFailures)
      .values({ userId, failures, lockedUntil, lastFailedAt: at })
      .onConflictDoUpdate({ target: loginFailures.userId, set: { failures, lockedUntil, lastFailedAt: at } })
      .run();
    return { failures, lockedUntil };
  })();
}

export function clearLoginFailures(db: Db, userId: number): void {
  db.orm.delete(loginFailures).where(eq(loginFailures.userId, userId)).run();
}

// ── audit log ───────────────────────────────────────────────────────────────────────────────

export function insertAudit(db: Db, row: Omit<typeof auditLog.$inferInsert, "id">): void {
  db.orm.insert(auditLog).values(row).run();
}

export function listAudit(db: Db, opts: { limit: number; userId?: number; action?: string; beforeId?: number }): AuditRow[] {
  return db.orm
    .select()
    .from(auditLog)
    .where(
      and(
        opts.userId !== undefined ? eq(auditLog.userId, opts.userId) : undefined,
        opts.action ? eq(auditLog.action, opts.action) : undefined,
        opts.beforeId ? lt(auditLog.id, opts.beforeId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(opts.limit)
    .all();
}


