// Sessions: a sign-in starts a refresh-token family and returns a 15-minute access token.
// Refresh tokens are stored only as SHA-256, rotated on every use; presenting a rotated one
// again means it was copied, so the whole family is revoked (and its access token denied).
import type { UserRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";
import { userView, type UserView } from "../users/view.ts";
import { audit } from "./audit.ts";
import { withRepos, type AuthCtx, type Client } from "./context.ts";
import { ACCESS_TOKEN_TTL_S, type Role } from "./jwt.ts";
import { randomToken, sha256Hex } from "./secrets.ts";

/** Seed 003 §11 JWT_REFRESH_TOKEN_EXPIRE_DAYS. */
export const REFRESH_TTL_MS = 30 * 86_400_000;

export type SignInMethod = "wallet" | "email" | "telegram";

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
  user: UserView;
}

/** The token values of a stored refresh row: the refresh token and the access-token id it pairs with. */
interface Minted {
  refresh: string;
  jti: string;
}

/**
 * Stores the refresh row of a new token pair through `repos` (a transaction's, when the row
 * must commit with other writes). The access token is signed afterwards (sign), outside any
 * transaction: signing is CPU work a transaction need not wait for.
 */
async function storeRefresh(ctx: AuthCtx, user: UserRow, familyId: string, method: string, client: Client): Promise<Minted> {
  const refresh = randomToken();
  const jti = crypto.randomUUID();
  const at = ctx.now();
  await ctx.repos.auth.insertRefresh({
    id: crypto.randomUUID(),
    userId: user.id,
    familyId,
    tokenHash: sha256Hex(refresh),
    accessJti: jti,
    expiresAt: at + REFRESH_TTL_MS,
    createdAt: at,
    method,
    ipAddress: client.ip ?? null,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
  });
  return { refresh, jti };
}

/** `authTimeMs`: when the family's sign-in happened (the recent-sign-in rule reads it from the token). */
async function sign(ctx: AuthCtx, user: UserRow, minted: Minted, authTimeMs: number): Promise<TokenPair> {
  const { token } = await ctx.keys.sign({ sub: String(user.id), btc: user.btcAddress, role: user.role as Role, jti: minted.jti, authTimeMs });
  return { access_token: token, refresh_token: minted.refresh, token_type: "bearer" as const, expires_in: ACCESS_TOKEN_TTL_S, user: userView(user) };
}

/** After any successful sign-in: new family, login time and audit row, committed together; then the access token. */
export async function startSession(ctx: AuthCtx, user: UserRow, method: SignInMethod, client: Client): Promise<TokenPair> {
  if (user.isBanned) throw new AppError("FORBIDDEN", "This account is banned", { reason: "AUTH_ACCOUNT_BANNED" });
  const at = ctx.now();
  const { updated, minted } = await ctx.repos.transaction(async (tx) => {
    const t = withRepos(ctx, tx);
    const updated = (await tx.users.updateUser(user.id, { lastLoginAt: at }, at)) ?? user;
    await audit(t, "login", user.id, client, { method });
    return { updated, minted: await storeRefresh(t, updated, crypto.randomUUID(), method, client) };
  });
  return sign(ctx, updated, minted, at);
}

const reused = () => new AppError("UNAUTHORIZED", "This refresh token was already used; the session has been signed out", { reason: "AUTH_REFRESH_REUSED" });

export async function refreshSession(ctx: AuthCtx, refreshToken: string, client: Client): Promise<TokenPair> {
  const row = await ctx.repos.auth.findRefreshByHash(sha256Hex(refreshToken));
  if (!row) throw new AppError("UNAUTHORIZED", "Unknown refresh token", { reason: "AUTH_REFRESH_INVALID" });
  const at = ctx.now();
  if (row.revokedAt !== null) {
    if (row.revokedReason === "rotated") {
      // A rotated token came back: whoever holds the family now may be a thief. End it all.
      ctx.denied.add(await ctx.repos.auth.revokeFamily(row.familyId, at, "reuse"));
      await audit(ctx, "refresh_reuse_detected", row.userId, client, { family: row.familyId });
      ctx.log.warn("refresh token reuse: session family revoked", { user_id: row.userId });
      throw reused();
    }
    throw new AppError("UNAUTHORIZED", "This session has been signed out", { reason: "AUTH_REFRESH_REVOKED" });
  }
  if (row.expiresAt <= at) throw new AppError("UNAUTHORIZED", "The session has expired; sign in again", { reason: "AUTH_REFRESH_EXPIRED" });
  const user = await ctx.repos.users.findUserById(row.userId);
  if (!user) throw new AppError("UNAUTHORIZED", "Unknown refresh token", { reason: "AUTH_REFRESH_INVALID" });
  if (user.isBanned) throw new AppError("FORBIDDEN", "This account is banned", { reason: "AUTH_ACCOUNT_BANNED" });
  // Rotation: the old row revoked and its successor stored commit together, so a failure in
  // between never leaves the family without a live token. Only one caller can revoke the
  // active row (one conditional UPDATE; on PostgreSQL a concurrent one waits for this commit
  // and then matches nothing); the loser is treated as reuse.
  const rotated = await ctx.repos.transaction(async (tx) => {
    if (!(await tx.auth.revokeRefresh(row.id, at, "rotated"))) return null;
    // A refresh is not a sign-in: the new token keeps the family's sign-in time.
    const authTime = (await tx.auth.familyStartedAt(row.familyId)) ?? row.createdAt;
    return { authTime, minted: await storeRefresh(withRepos(ctx, tx), user, row.familyId, row.method, client) };
  });
  if (!rotated) {
    ctx.denied.add(await ctx.repos.auth.revokeFamily(row.familyId, at, "reuse"));
    throw reused();
  }
  return sign(ctx, user, rotated.minted, rotated.authTime);
}

/** Logout / revoke: ends the family of this refresh token. Unknown tokens are ignored (idempotent). */
export async function revokeByRefreshToken(ctx: AuthCtx, refreshToken: string, client: Client): Promise<boolean> {
  const row = await ctx.repos.auth.findRefreshByHash(sha256Hex(refreshToken));
  if (!row) return false;
  ctx.denied.add(await ctx.repos.auth.revokeFamily(row.familyId, ctx.now(), "logout"));
  await audit(ctx, "logout", row.userId, client, {});
  return true;
}

/** Logout by access token: ends the session (family) it belongs to, if it is this user's. */
export async function revokeByAccessJti(ctx: AuthCtx, jti: string, userId: number): Promise<void> {
  const family = await ctx.repos.auth.familyOfAccessJti(jti);
  if (family) ctx.denied.add(await ctx.repos.auth.revokeFamily(family, ctx.now(), "logout", userId));
}
