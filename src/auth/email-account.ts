// Email + password accounts (seed 003 §4.1b, §4.1c): register, login with lockout, email
// verification, forgot/reset and change password. Mail links carry 256-bit tokens stored hashed.
import { clearLoginFailures, consumeResetToken, consumeVerificationToken, expireResetTokens, getLoginFailures, insertResetToken, insertVerificationToken, recordLoginFailure, revokeAllForUser } from "../db/auth.ts";
import { findUserByAddress, findUserByDisplayNameKey, findUserByEmail, findUserById, insertUser, isUniqueViolation, updateUser, type UserRow } from "../db/users.ts";
import { AppError } from "../core/errors.ts";
import { passwordChangedMail, resetPasswordMail, verifyEmailMail } from "../mail/templates.ts";
import { checkDisplayName } from "../users/names.ts";
import { audit } from "./audit.ts";
import type { AuthCtx, Client } from "./context.ts";
import { familyOfAccessJti } from "../db/auth.ts";
import { LOCKOUT_MS, MAX_LOGIN_FAILURES, passwordProblems } from "./passwords.ts";
import { randomToken, sha256Hex } from "./secrets.ts";
import { startSession, type TokenPair } from "./sessions.ts";
import { normalizeAddress, rateLimited } from "./wallet.ts";

/** Seed 003 §11: EMAIL_VERIFICATION_TOKEN_TTL_HOURS / EMAIL_PASSWORD_RESET_TOKEN_TTL_MINUTES. */
export const VERIFY_TTL_MS = 24 * 3_600_000;
export const RESET_TTL_MS = 60 * 60_000;
const EMAIL = /^[^\s@<>"',;]{1,64}@[^\s@<>"',;]{1,255}\.[^\s@<>"',;]{2,}$/;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new AppError("VALIDATION", "Not a valid email address", { details: [{ field: "email", message: "not an email address" }], reason: "INVALID_EMAIL" });
  return email;
}

export function checkPassword(password: string, field = "password"): void {
  const problems = passwordProblems(password);
  if (problems.length)
    throw new AppError("VALIDATION", `The password needs ${problems.join(", ")}`, { details: problems.map((p) => ({ field, message: `needs ${p}` })), reason: "WEAK_PASSWORD" });
}

/** Base of links in mails: the configured public URL, else the origin the request came to. */
export type LinkBase = string;

async function sendVerification(ctx: AuthCtx, user: UserRow, email: string, base: LinkBase): Promise<void> {
  const d = ctx.limiter.hit("email", { user: email });
  if (!d.ok) throw rateLimited(d.retryAfterS, "Too many mails to this address; try again later");
  const token = randomToken();
  const at = ctx.now();
  insertVerificationToken(ctx.db, { id: crypto.randomUUID(), userId: user.id, tokenHash: sha256Hex(token), email, expiresAt: at + VERIFY_TTL_MS, createdAt: at });
  await ctx.mailer.send(verifyEmailMail(email, `${base}/verify-email?token=${token}`, VERIFY_TTL_MS / 3_600_000));
}

export async function register(
  ctx: AuthCtx,
  input: { email: string; password: string; btc_address: string; display_name?: string },
  client: Client,
  base: LinkBase,
): Promise<TokenPair> {
  const d = ctx.limiter.hit("register", { ip: client.ip });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  const email = normalizeEmail(input.email);
  checkPassword(input.password);
  const address = normalizeAddress(ctx, input.btc_address);
  let name: { name: string; key: string } | undefined;
  if (input.display_name !== undefined && input.display_name.trim() !== "") {
    const n = checkDisplayName(input.display_name);
    if (!n.ok) throw new AppError("VALIDATION", `Display name ${n.reason}`, { details: [{ field: "display_name", message: n.reason }], reason: "INVALID_DISPLAY_NAME" });
    if (findUserByDisplayNameKey(ctx.db, n.key)) throw new AppError("CONFLICT", "This display name is taken", { reason: "DISPLAY_NAME_TAKEN" });
    name = n;
  }
  if (findUserByEmail(ctx.db, email)) throw new AppError("CONFLICT", "An account with this email exists; sign in or reset the password", { reason: "EMAIL_TAKEN" });
  // An address already known (even one the pool created when it first mined) is only ever
  // claimed by signing with it, never by typing it into a form.
  if (findUserByAddress(ctx.db, address)) throw new AppError("CONFLICT", "This address already has an account; sign in with your wallet to claim it", { reason: "ADDRESS_TAKEN" });
  const passwordHash = await ctx.passwords.hash(input.password);
  let user: UserRow;
  try {
    user = insertUser(ctx.db, { email, passwordHash, btcAddress: address, displayName: name?.name ?? null, displayNameKey: name?.key ?? null, authMethod: "email" }, ctx.now());
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "An account with this email, address or name already exists", { reason: "ACCOUNT_EXISTS" });
    throw e;
  }
  audit(ctx, "register", user.id, client, { method: "email" });
  await sendVerification(ctx, user, email, base);
  return startSession(ctx, user, "email", client);
}

export async function login(ctx: AuthCtx, input: { email: string; password: string }, client: Client): Promise<TokenPair> {
  const email = input.email.trim().toLowerCase();
  const d = ctx.limiter.hit("login", { ip: client.ip, user: email });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  const backoffKey = `ip:${client.ip}`;
  const wait = ctx.backoff.waitS(backoffKey);
  if (wait > 0) throw rateLimited(wait, "Too many failed attempts; wait before trying again");
  const user = findUserByEmail(ctx.db, email);
  const invalid = new AppError("UNAUTHORIZED", "Email or password is wrong", { reason: "AUTH_INVALID_CREDENTIALS" });
  if (!user || !user.passwordHash) {
    await ctx.passwords.burn(input.password);
    ctx.backoff.failure(backoffKey);
    throw invalid;
  }
  const at = ctx.now();
  const lock = getLoginFailures(ctx.db, user.id);
  if (lock?.lockedUntil && lock.lockedUntil > at) {
    const retry = Math.ceil((lock.lockedUntil - at) / 1000);
    throw new AppError("RATE_LIMITED", "Too many failed sign-ins; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
  }
  if (!(await ctx.passwords.verify(input.password, user.passwordHash))) {
    ctx.backoff.failure(backoffKey);
    const f = recordLoginFailure(ctx.db, user.id, at, MAX_LOGIN_FAILURES, LOCKOUT_MS, LOCKOUT_MS);
    audit(ctx, "login_failed", user.id, client, { method: "email", failures: f.failures });
    if (f.lockedUntil) {
      audit(ctx, "account_locked", user.id, client, { until: f.lockedUntil });
      const retry = Math.ceil(LOCKOUT_MS / 1000);
      throw new AppError("RATE_LIMITED", "Too many failed sign-ins; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
    }
    throw invalid;
  }
  ctx.backoff.success(backoffKey);
  clearLoginFailures(ctx.db, user.id);
  return startSession(ctx, user, "email", client);
}

export function verifyEmail(ctx: AuthCtx, token: string, client: Client): UserRow {
  const row = consumeVerificationToken(ctx.db, sha256Hex(token.trim()), ctx.now());
  if (!row) throw new AppError("BAD_REQUEST", "This link is invalid, already used or expired", { reason: "AUTH_TOKEN_INVALID" });
  const user = findUserById(ctx.db, row.userId);
  // The link proves the address it was sent to; if the account's email changed since, it proves nothing.
  if (!user || user.email !== row.email) throw new AppError("BAD_REQUEST", "This link is invalid, already used or expired", { reason: "AUTH_TOKEN_INVALID" });
  const updated = updateUser(ctx.db, user.id, { emailVerified: true }, ctx.now())!;
  audit(ctx, "email_verified", user.id, client, {});
  return updated;
}

export async function resendVerification(ctx: AuthCtx, user: UserRow, base: LinkBase): Promise<void> {
  if (!user.email) throw new AppError("BAD_REQUEST", "This account has no email address", { reason: "NO_EMAIL" });
  if (user.emailVerified) throw new AppError("CONFLICT", "The email address is already verified", { reason: "ALREADY_VERIFIED" });
  await sendVerification(ctx, user, user.email, base);
}

/** Always succeeds from the caller's view, whether or not the address has an account. */
export async function forgotPassword(ctx: AuthCtx, rawEmail: string, client: Client, base: LinkBase): Promise<void> {
  const d = ctx.limiter.hit("forgotPassword", { ip: client.ip, user: rawEmail.trim().toLowerCase() });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  let email: string;
  try {
    email = normalizeEmail(rawEmail);
  } catch {
    return;
  }
  const user = findUserByEmail(ctx.db, email);
  if (!user || user.isBanned) return;
  if (!ctx.limiter.hit("email", { user: email }).ok) return;
  const token = randomToken();
  const at = ctx.now();
  expireResetTokens(ctx.db, user.id, at);
  insertResetToken(ctx.db, { id: crypto.randomUUID(), userId: user.id, tokenHash: sha256Hex(token), expiresAt: at + RESET_TTL_MS, ipAddress: client.ip ?? null, createdAt: at });
  audit(ctx, "password_reset_requested", user.id, client, {});
  await ctx.mailer.send(resetPasswordMail(email, `${base}/reset-password?token=${token}`, RESET_TTL_MS / 60_000));
}

export async function resetPassword(ctx: AuthCtx, input: { token: string; new_password: string }, client: Client): Promise<void> {
  checkPassword(input.new_password, "new_password");
  const row = consumeResetToken(ctx.db, sha256Hex(input.token.trim()), ctx.now());
  if (!row) throw new AppError("BAD_REQUEST", "This link is invalid, already used or expired", { reason: "AUTH_TOKEN_INVALID" });
  const user = findUserById(ctx.db, row.userId);
  if (!user) throw new AppError("BAD_REQUEST", "This link is invalid, already used or expired", { reason: "AUTH_TOKEN_INVALID" });
  const at = ctx.now();
  updateUser(ctx.db, user.id, { passwordHash: await ctx.passwords.hash(input.new_password) }, at);
  // Whoever knew the old password may hold sessions: every one of them ends.
  ctx.denied.add(revokeAllForUser(ctx.db, user.id, at, "password_reset"));
  clearLoginFailures(ctx.db, user.id);
  audit(ctx, "password_reset", user.id, client, {});
  if (user.email) await ctx.mailer.send(passwordChangedMail(user.email));
}

/** Needs the current password (when there is one); signs out every other session. */
export async function changePassword(ctx: AuthCtx, user: UserRow, input: { current_password?: string; new_password: string }, jti: string | undefined, client: Client): Promise<void> {
  // Each attempt is a guess at the current password: rate limited like sign-in, and wrong
  // guesses count towards the same lockout as failed sign-ins.
  const d = ctx.limiter.hit("changePassword", { user: user.id, ip: client.ip });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  checkPassword(input.new_password, "new_password");
  const now = ctx.now();
  const lock = getLoginFailures(ctx.db, user.id);
  if (lock?.lockedUntil && lock.lockedUntil > now) {
    const retry = Math.ceil((lock.lockedUntil - now) / 1000);
    throw new AppError("RATE_LIMITED", "Too many wrong passwords; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
  }
  if (user.passwordHash && !(await ctx.passwords.verify(input.current_password ?? "", user.passwordHash))) {
    const f = recordLoginFailure(ctx.db, user.id, now, MAX_LOGIN_FAILURES, LOCKOUT_MS, LOCKOUT_MS);
    audit(ctx, "password_change_failed", user.id, client, { failures: f.failures });
    if (f.lockedUntil) {
      audit(ctx, "account_locked", user.id, client, { until: f.lockedUntil });
      const retry = Math.ceil(LOCKOUT_MS / 1000);
      throw new AppError("RATE_LIMITED", "Too many wrong passwords; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
    }
    throw new AppError("UNAUTHORIZED", "The current password is wrong", { reason: "AUTH_INVALID_CREDENTIALS" });
  }
  if (user.passwordHash) clearLoginFailures(ctx.db, user.id);
  const at = ctx.now();
  updateUser(ctx.db, user.id, { passwordHash: await ctx.passwords.hash(input.new_password) }, at);
  const keep = jti ? familyOfAccessJti(ctx.db, jti) : undefined;
  ctx.denied.add(revokeAllForUser(ctx.db, user.id, at, "password_change", keep));
  audit(ctx, "password_changed", user.id, client, {});
  if (user.email) await ctx.mailer.send(passwordChangedMail(user.email));
}
