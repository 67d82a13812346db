// Email + password accounts (seed 003 §4.1b, §4.1c): register, login with lockout, email
// verification, forgot/reset and change password. Mail links carry 256-bit tokens stored hashed.
import { isUniqueViolation, type Repos, type UserRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";
import { passwordChangedMail, resetPasswordMail, verifyEmailMail } from "../mail/templates.ts";
import { checkDisplayName } from "../users/names.ts";
import { audit } from "./audit.ts";
import { withRepos, type AuthCtx, type Client } from "./context.ts";
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

/** Rate limit, then the token row (through `repos`: a transaction's when it must commit with more). Returns the mail to send. */
async function prepareVerification(ctx: AuthCtx, repos: Repos, user: UserRow, email: string, base: LinkBase) {
  const d = ctx.limiter.hit("email", { user: email });
  if (!d.ok) throw rateLimited(d.retryAfterS, "Too many mails to this address; try again later");
  const token = randomToken();
  const at = ctx.now();
  await repos.auth.insertVerificationToken({ id: crypto.randomUUID(), userId: user.id, tokenHash: sha256Hex(token), email, expiresAt: at + VERIFY_TTL_MS, createdAt: at });
  return verifyEmailMail(email, `${base}/verify-email?token=${token}`, VERIFY_TTL_MS / 3_600_000);
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
    if (await ctx.repos.users.findUserByDisplayNameKey(n.key)) throw new AppError("CONFLICT", "This display name is taken", { reason: "DISPLAY_NAME_TAKEN" });
    name = n;
  }
  if (await ctx.repos.users.findUserByEmail(email)) throw new AppError("CONFLICT", "An account with this email exists; sign in or reset the password", { reason: "EMAIL_TAKEN" });
  // An address already known (even one the pool created when it first mined) is only ever
  // claimed by signing with it, never by typing it into a form.
  if (await ctx.repos.users.findUserByAddress(address)) throw new AppError("CONFLICT", "This address already has an account; sign in with your wallet to claim it", { reason: "ADDRESS_TAKEN" });
  const passwordHash = await ctx.passwords.hash(input.password);
  // The account, its settings, the audit row and the verification token commit together: a
  // failure leaves no account without its link. The checks above are for clear messages; the
  // unique indexes decide a race between two registrations.
  let created: { user: UserRow; mail: Awaited<ReturnType<typeof prepareVerification>> };
  try {
    created = await ctx.repos.transaction(async (tx) => {
      const at = ctx.now();
      const user = await tx.users.insertUser({ email, passwordHash, btcAddress: address, displayName: name?.name ?? null, displayNameKey: name?.key ?? null, authMethod: "email" }, at);
      await tx.users.getSettings(user.id);
      await audit(withRepos(ctx, tx), "register", user.id, client, { method: "email" });
      return { user, mail: await prepareVerification(ctx, tx, user, email, base) };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "An account with this email, address or name already exists", { reason: "ACCOUNT_EXISTS" });
    throw e;
  }
  await ctx.mailer.send(created.mail);
  return startSession(ctx, created.user, "email", client);
}

export async function login(ctx: AuthCtx, input: { email: string; password: string }, client: Client): Promise<TokenPair> {
  const email = input.email.trim().toLowerCase();
  const d = ctx.limiter.hit("login", { ip: client.ip, user: email });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  const backoffKey = `ip:${client.ip}`;
  const wait = ctx.backoff.waitS(backoffKey);
  if (wait > 0) throw rateLimited(wait, "Too many failed attempts; wait before trying again");
  const user = await ctx.repos.users.findUserByEmail(email);
  const invalid = new AppError("UNAUTHORIZED", "Email or password is wrong", { reason: "AUTH_INVALID_CREDENTIALS" });
  if (!user || !user.passwordHash) {
    await ctx.passwords.burn(input.password);
    ctx.backoff.failure(backoffKey);
    throw invalid;
  }
  const at = ctx.now();
  const lock = await ctx.repos.auth.getLoginFailures(user.id);
  if (lock?.lockedUntil && lock.lockedUntil > at) {
    const retry = Math.ceil((lock.lockedUntil - at) / 1000);
    throw new AppError("RATE_LIMITED", "Too many failed sign-ins; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
  }
  if (!(await ctx.passwords.verify(input.password, user.passwordHash))) {
    ctx.backoff.failure(backoffKey);
    const f = await ctx.repos.auth.recordLoginFailure(user.id, at, MAX_LOGIN_FAILURES, LOCKOUT_MS, LOCKOUT_MS);
    await audit(ctx, "login_failed", user.id, client, { method: "email", failures: f.failures });
    if (f.lockedUntil) {
      await audit(ctx, "account_locked", user.id, client, { until: f.lockedUntil });
      const retry = Math.ceil(LOCKOUT_MS / 1000);
      throw new AppError("RATE_LIMITED", "Too many failed sign-ins; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
    }
    throw invalid;
  }
  ctx.backoff.success(backoffKey);
  await ctx.repos.auth.clearLoginFailures(user.id);
  return startSession(ctx, user, "email", client);
}

export async function verifyEmail(ctx: AuthCtx, token: string, client: Client): Promise<UserRow> {
  const invalid = () => new AppError("BAD_REQUEST", "This link is invalid, already used or expired", { reason: "AUTH_TOKEN_INVALID" });
  // One transaction: the token used, the address marked verified and the audit row commit
  // together. A link that proves nothing (below) stays used, as a link works once either way.
  const updated = await ctx.repos.transaction(async (tx) => {
    const row = await tx.auth.consumeVerificationToken(sha256Hex(token.trim()), ctx.now());
    if (!row) return null;
    const user = await tx.users.findUserById(row.userId);
    // The link proves the address it was sent to; if the account's email changed since, it proves nothing.
    if (!user || user.email !== row.email) return null;
    const updated = (await tx.users.updateUser(user.id, { emailVerified: true }, ctx.now()))!;
    await audit(withRepos(ctx, tx), "email_verified", user.id, client, {});
    return updated;
  });
  if (!updated) throw invalid();
  return updated;
}

export async function resendVerification(ctx: AuthCtx, user: UserRow, base: LinkBase): Promise<void> {
  if (!user.email) throw new AppError("BAD_REQUEST", "This account has no email address", { reason: "NO_EMAIL" });
  if (user.emailVerified) throw new AppError("CONFLICT", "The email address is already verified", { reason: "ALREADY_VERIFIED" });
  await ctx.mailer.send(await prepareVerification(ctx, ctx.repos, user, user.email, base));
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
  const user = await ctx.repos.users.findUserByEmail(email);
  if (!user || user.isBanned) return;
  if (!ctx.limiter.hit("email", { user: email }).ok) return;
  const token = randomToken();
  const at = ctx.now();
  // The older links end when the new one is stored, not before: together or not at all.
  await ctx.repos.transaction(async (tx) => {
    await tx.auth.expireResetTokens(user.id, at);
    await tx.auth.insertResetToken({ id: crypto.randomUUID(), userId: user.id, tokenHash: sha256Hex(token), expiresAt: at + RESET_TTL_MS, ipAddress: client.ip ?? null, createdAt: at });
    await audit(withRepos(ctx, tx), "password_reset_requested", user.id, client, {});
  });
  await ctx.mailer.send(resetPasswordMail(email, `${base}/reset-password?token=${token}`, RESET_TTL_MS / 60_000));
}

export async function resetPassword(ctx: AuthCtx, input: { token: string; new_password: string }, client: Client): Promise<void> {
  checkPassword(input.new_password, "new_password");
  // Consumed in one statement: of two uses of a link at once, exactly one gets the row.
  const row = await ctx.repos.auth.consumeResetToken(sha256Hex(input.token.trim()), ctx.now());
  if (!row) throw new AppError("BAD_REQUEST", "This link is invalid, already used or expired", { reason: "AUTH_TOKEN_INVALID" });
  const user = await ctx.repos.users.findUserById(row.userId);
  if (!user) throw new AppError("BAD_REQUEST", "This link is invalid, already used or expired", { reason: "AUTH_TOKEN_INVALID" });
  // Hashed before the transaction: argon2 takes a while, and a transaction holds the write lock.
  const passwordHash = await ctx.passwords.hash(input.new_password);
  const at = ctx.now();
  const denied = await ctx.repos.transaction(async (tx) => {
    await tx.users.updateUser(user.id, { passwordHash }, at);
    // Whoever knew the old password may hold sessions: every one of them ends, with the change.
    const jtis = await tx.auth.revokeAllForUser(user.id, at, "password_reset");
    await tx.auth.clearLoginFailures(user.id);
    await audit(withRepos(ctx, tx), "password_reset", user.id, client, {});
    return jtis;
  });
  ctx.denied.add(denied);
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
  const lock = await ctx.repos.auth.getLoginFailures(user.id);
  if (lock?.lockedUntil && lock.lockedUntil > now) {
    const retry = Math.ceil((lock.lockedUntil - now) / 1000);
    throw new AppError("RATE_LIMITED", "Too many wrong passwords; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
  }
  if (user.passwordHash && !(await ctx.passwords.verify(input.current_password ?? "", user.passwordHash))) {
    const f = await ctx.repos.auth.recordLoginFailure(user.id, now, MAX_LOGIN_FAILURES, LOCKOUT_MS, LOCKOUT_MS);
    await audit(ctx, "password_change_failed", user.id, client, { failures: f.failures });
    if (f.lockedUntil) {
      await audit(ctx, "account_locked", user.id, client, { until: f.lockedUntil });
      const retry = Math.ceil(LOCKOUT_MS / 1000);
      throw new AppError("RATE_LIMITED", "Too many wrong passwords; the account is locked for a while", { details: { retry_after: retry }, reason: "AUTH_ACCOUNT_LOCKED" });
    }
    throw new AppError("UNAUTHORIZED", "The current password is wrong", { reason: "AUTH_INVALID_CREDENTIALS" });
  }
  if (user.passwordHash) await ctx.repos.auth.clearLoginFailures(user.id);
  const passwordHash = await ctx.passwords.hash(input.new_password);
  const at = ctx.now();
  // The new password and the end of every other session commit together.
  const denied = await ctx.repos.transaction(async (tx) => {
    await tx.users.updateUser(user.id, { passwordHash }, at);
    const keep = jti ? await tx.auth.familyOfAccessJti(jti) : undefined;
    const jtis = await tx.auth.revokeAllForUser(user.id, at, "password_change", keep);
    await audit(withRepos(ctx, tx), "password_changed", user.id, client, {});
    return jtis;
  });
  ctx.denied.add(denied);
  if (user.email) await ctx.mailer.send(passwordChangedMail(user.email));
}
