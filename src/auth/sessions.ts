// Sessions: a sign-in starts a refresh-token family and returns a 15-minute access token.
// Refresh tokens are stored only as SHA-256, rotated on every use; presenting a rotated one
// again means it was copied, so the whole family is revoked (and its access token denied).
import { familyStartedAt, findRefreshByHash, insertRefresh, revokeFamily, revokeRefresh } from "../db/auth.ts";
import { findUserById, updateUser, type UserRow } from "../db/users.ts";
import { AppError } from "../core/errors.ts";
import { userView, type UserView } from "../users/view.ts";
import { audit } from "./audit.ts";
import type { AuthCtx, Client } from "./context.ts";
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

/** `authTimeMs`: when the family's sign-in happened (the recent-sign-in rule reads it from the token). */
async function issue(ctx: AuthCtx, user: UserRow, familyId: string, method: string, client: Client, authTimeMs: number) {
  const refresh = randomToken();
  const jti = crypto.randomUUID();
  const at = ctx.now();
  insertRefresh(ctx.db, {
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
  const { token } = await ctx.keys.sign({ sub: String(user.id), btc: user.btcAddress, role: user.role as Role, jti, authTimeMs });
  return { access_token: token, refresh_token: refresh, token_type: "bearer" as const, expires_in: ACCESS_TOKEN_TTL_S, user: userView(user) };
}

/** After any successful sign-in: new family, login time, audit row. */
export async function startSession(ctx: AuthCtx, user: UserRow, method: SignInMethod, client: Client): Promise<TokenPair> {
  if (user.isBanned) throw new AppError("FORBIDDEN", "This account is banned", { reason: "AUTH_ACCOUNT_BANNED" });
  const updated = updateUser(ctx.db, user.id, { lastLoginAt: ctx.now() }, ctx.now()) ?? user;
  audit(ctx, "login", user.id, client, { method });
  return issue(ctx, updated, crypto.randomUUID(), method, client, ctx.now());
}

export async function refreshSession(ctx: AuthCtx, refreshToken: string, client: Client): Promise<TokenPair> {
  const row = findRefreshByHash(ctx.db, sha256Hex(refreshToken));
  if (!row) throw new AppError("UNAUTHORIZED", "Unknown refresh token", { reason: "AUTH_REFRESH_INVALID" });
  const at = ctx.now();
  if (row.revokedAt !== null) {
    if (row.revokedReason === "rotated") {
      // A rotated token came back: whoever holds the family now may be a thief. End it all.
      ctx.denied.add(revokeFamily(ctx.db, row.familyId, at, "reuse"));
      audit(ctx, "refresh_reuse_detected", row.userId, client, { family: row.familyId });
      ctx.log.warn("refresh token reuse: session family revoked", { user_id: row.userId });
      throw new AppError("UNAUTHORIZED", "This refresh token was already used; the session has been signed out", { reason: "AUTH_REFRESH_REUSED" });
    }
    throw new AppError("UNAUTHORIZED", "This session has been signed out", { reason: "AUTH_REFRESH_REVOKED" });
  }
  if (row.expiresAt <= at) throw new AppError("UNAUTHORIZED", "The session has expired; sign in again", { reason: "AUTH_REFRESH_EXPIRED" });
  const user = findUserById(ctx.db, row.userId);
  if (!user) throw new AppError("UNAUTHORIZED", "Unknown refresh token", { reason: "AUTH_REFRESH_INVALID" });
  if (user.isBanned) throw new AppError("FORBIDDEN", "This account is banned", { reason: "AUTH_ACCOUNT_BANNED" });
  // Only one caller can revoke the active row; a concurrent duplicate is treated as reuse.
  if (!revokeRefresh(ctx.db, row.id, at, "rotated")) {
    ctx.denied.add(revokeFamily(ctx.db, row.familyId, at, "reuse"));
    throw new AppError("UNAUTHORIZED", "This refresh token was already used; the session has been signed out", { reason: "AUTH_REFRESH_REUSED" });
  }
  // A refresh is not a sign-in: the new token keeps the family's sign-in time.
  return issue(ctx, user, row.familyId, row.method, client, familyStartedAt(ctx.db, row.familyId) ?? row.createdAt);
}

/** Logout / revoke: ends the family of this refresh token. Unknown tokens are ignored (idempotent). */
export function revokeByRefreshToken(ctx: AuthCtx, refreshToken: string, client: Client): boolean {
  const row = findRefreshByHash(ctx.db, sha256Hex(refreshToken));
  if (!row) return false;
  ctx.denied.add(revokeFamily(ctx.db, row.familyId, ctx.now(), "logout"));
  audit(ctx, "logout", row.userId, client, {});
  return true;
}
